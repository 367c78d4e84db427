package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.gitops.events.data.EventData;
import io.gitops.events.schema.SchemaCompatibility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build-time contract check: records match their schemas, every golden payload of every released version still
 * decodes and validates, and no schema changed incompatibly since it was released.
 */
class EventContractCompatibilityTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    static JsonNode schemaJson(EventType type) throws IOException {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema resource %s", type.schemaResource()).isNotNull();
            return EventCodec.mapper().readTree(in);
        }
    }

    static JsonSchema schema(EventType type) throws IOException {
        return FACTORY.getSchema(schemaJson(type), CONFIG);
    }

    static Stream<GoldenPayloads> goldenPayloads() {
        return GoldenPayloads.all().stream();
    }

    static Stream<Path> releasedSchemas() throws IOException {
        return Files.list(GoldenPayloads.resource("compat/released/v1")).sorted();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyRecordComponentIsDescribedByItsSchemaAndNothingMore(EventType type) throws IOException {
        Set<String> components = Arrays.stream(type.dataClass().getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));

        Set<String> properties = new TreeSet<>();
        schemaJson(type).get("properties").fieldNames().forEachRemaining(properties::add);

        assertThat(properties).isEqualTo(components);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeHasAtLeastOneGoldenPayload(EventType type) {
        List<GoldenPayloads> samples = GoldenPayloads.all().stream()
                .filter(g -> g.type().equals(type.type())).toList();

        assertThat(samples).as("golden payloads of %s", type.type()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenPayloads")
    void everyGoldenPayloadDecodesValidatesAndKeepsItsKey(GoldenPayloads golden) throws IOException {
        Event<?> event = EventCodec.decode(golden.headers(), golden.value());

        assertThat(event.type().type()).isEqualTo(golden.type());
        assertThat(event.key()).isEqualTo(golden.key());
        assertThat(schema(event.type()).validate(golden.data())).as("golden data against schema").isEmpty();
        JsonNode reEncoded = EventCodec.mapper().readTree(EventCodec.encodeData(event.data()));
        assertThat(schema(event.type()).validate(reEncoded)).as("re-encoded record against schema").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedSchemas")
    void noReleasedSchemaChangedIncompatibly(Path released) throws IOException {
        String typeName = released.getFileName().toString().replace(".schema.json", "");
        EventType type = EventType.ofType(typeName).orElseThrow(
                () -> new AssertionError("released type " + typeName + " was removed; publish a .v2 beside it"));

        List<String> violations = SchemaCompatibility.violations(
                EventCodec.mapper().readTree(released.toFile()), schemaJson(type));

        assertThat(violations).as("incompatible changes to released %s", typeName).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyDataClassIsARecord(EventType type) {
        Class<? extends EventData> dataClass = type.dataClass();

        boolean record = dataClass.isRecord();

        assertThat(record).isTrue();
    }
}
