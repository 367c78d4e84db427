package io.gitops.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.events.EventCodec;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

    private static final String RELEASED = """
            {"type":"object","required":["app"],"properties":{
              "app":{"type":"string","pattern":"^[a-z]+$"},
              "tag":{"type":["string","null"]},
              "cause":{"type":"string","enum":["BUMP","REVERT"]},
              "gates":{"type":"array","items":{"type":"object","properties":{"gate":{"type":"string"}}}}}}
            """;

    private static JsonNode json(String text) throws Exception {
        return EventCodec.mapper().readTree(text);
    }

    private static java.util.List<String> against(String current) throws Exception {
        return SchemaCompatibility.violations(json(RELEASED), json(current));
    }

    @Test
    void anAddedOptionalPropertyIsCompatible() throws Exception {
        var violations = against(RELEASED.replace("\"tag\":", "\"extra\":{\"type\":\"string\"},\"tag\":"));

        assertThat(violations).isEmpty();
    }

    @Test
    void aRemovedPropertyIsIncompatible() throws Exception {
        var violations = against(RELEASED.replace("\"tag\":{\"type\":[\"string\",\"null\"]},", ""));

        assertThat(violations).containsExactly("$.tag: removed");
    }

    @Test
    void aNarrowedTypeIsIncompatible() throws Exception {
        var violations = against(RELEASED.replace("\"tag\":{\"type\":[\"string\",\"null\"]}", "\"tag\":{\"type\":\"string\"}"));

        assertThat(violations).singleElement().asString().contains("$.tag: type narrowed");
    }

    @Test
    void aNewlyRequiredPropertyIsIncompatible() throws Exception {
        var violations = against(RELEASED.replace("\"required\":[\"app\"]", "\"required\":[\"app\",\"tag\"]"));

        assertThat(violations).containsExactly("$: property 'tag' became required");
    }

    @Test
    void aRemovedEnumValueIsIncompatible() throws Exception {
        var violations = against(RELEASED.replace("[\"BUMP\",\"REVERT\"]", "[\"BUMP\"]"));

        assertThat(violations).containsExactly("$.cause: enum values removed [REVERT]");
    }

    @Test
    void anAddedEnumValueIsCompatibleForReadersThatIgnoreUnknownValues() throws Exception {
        var violations = against(RELEASED.replace("[\"BUMP\",\"REVERT\"]", "[\"BUMP\",\"REVERT\",\"EXTERNAL\"]"));

        assertThat(violations).isEmpty();
    }

    @Test
    void aChangedPatternIsIncompatible() throws Exception {
        var violations = against(RELEASED.replace("^[a-z]+$", "^[a-z0-9]+$"));

        assertThat(violations).containsExactly("$.app: pattern changed");
    }

    @Test
    void closingTheObjectToUnknownPropertiesIsIncompatible() throws Exception {
        var violations = against(RELEASED.replaceFirst("\\{\"type\":\"object\",", "{\"type\":\"object\",\"additionalProperties\":false,"));

        assertThat(violations).containsExactly("$: closed to unknown properties");
    }

    @Test
    void aChangeInsideArrayItemsIsFound() throws Exception {
        var violations = against(RELEASED.replace("\"gate\":{\"type\":\"string\"}", "\"gate\":{\"type\":\"integer\"}"));

        assertThat(violations).singleElement().asString().startsWith("$.gates[].gate: type narrowed");
    }

    @Test
    void addingAnEnumOrPatternToAFreeFieldIsIncompatible() throws Exception {
        var violations = against(RELEASED.replace("\"tag\":{\"type\":[\"string\",\"null\"]}",
                "\"tag\":{\"type\":[\"string\",\"null\"],\"enum\":[\"a\"],\"pattern\":\"^a$\"}"));

        assertThat(violations).containsExactlyInAnyOrder("$.tag: enum added to a field that accepted any value",
                "$.tag: pattern added");
    }
}
