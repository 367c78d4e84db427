package io.gitops.bumper.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;

class ValuesEditorTest {

    static final String FILE = "apps/shop/envs/staging/values.yaml";
    static final String NEW = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    static String set(String text) {
        return ValuesEditor.set(text, FILE, "image.tag", NEW);
    }

    @Test
    void givenCommentsBlankLinesAndOrder_whenTheTagIsSet_thenOnlyTheTagChanges() {
        String text = """
                # Values for shop in staging.
                # Owned by the shop team.

                replicaCount: 2   # scaled by hand

                image:
                  # where the image comes from
                  repository: registry.local:5000/shop
                  tag: 1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e   # written by the config-bumper
                  pullPolicy: IfNotPresent

                resources: {limits: {cpu: 500m}}
                """;

        String edited = set(text);

        assertThat(edited).isEqualTo(text.replace("1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e", NEW));
    }

    @Test
    void givenADoubleQuotedTag_whenSet_thenItStaysDoubleQuoted() {
        String edited = set("image:\n  tag: \"v1\"\n");

        assertThat(edited).isEqualTo("image:\n  tag: \"" + NEW + "\"\n");
    }

    @Test
    void givenASingleQuotedTag_whenSet_thenItStaysSingleQuoted() {
        String edited = set("image:\n  tag: 'v1'\n");

        assertThat(edited).isEqualTo("image:\n  tag: '" + NEW + "'\n");
    }

    @Test
    void givenATagThatWouldReadAsANumber_whenSetPlain_thenItIsQuotedSoItStaysAString() {
        String edited = ValuesEditor.set("image:\n  tag: v1\n", FILE, "image.tag", "1234e567");

        assertThat(edited).isEqualTo("image:\n  tag: \"1234e567\"\n");
        assertThat(ValuesEditor.read(edited, FILE, "image.tag")).contains("1234e567");
    }

    @Test
    void givenTheTagIsAlreadySet_whenSetAgain_thenTheTextIsUnchanged() {
        String text = "image:\n  tag: \"" + NEW + "\" # pinned\n";

        String edited = set(text);

        assertThat(edited).isSameAs(text);
    }

    @Test
    void givenAFlowMapping_whenTheTagIsSet_thenTheFlowMappingKeepsItsShape() {
        String edited = set("image: {repository: shop, tag: 'v1'}  # flow\nother: 1\n");

        assertThat(edited).isEqualTo("image: {repository: shop, tag: '" + NEW + "'}  # flow\nother: 1\n");
    }

    @Test
    void givenAFlowMappingWithoutTheKey_whenSet_thenTheKeyIsAddedAsANewEntry() {
        String edited = set("image: {repository: shop}\n");

        assertThat(edited).isEqualTo("image: {repository: shop, tag: " + NEW + "}\n");
    }

    @Test
    void givenAnEmptyFlowMapping_whenSet_thenTheKeyBecomesItsOnlyEntry() {
        String edited = set("image: {}\n");

        assertThat(edited).isEqualTo("image: {tag: " + NEW + "}\n");
    }

    @Test
    void givenARootFlowMappingWithoutTheParent_whenSet_thenTheParentIsAddedAsANestedFlowEntry() {
        String edited = set("{replicaCount: 1}\n");

        assertThat(edited).isEqualTo("{replicaCount: 1, image: {tag: " + NEW + "}}\n");
    }

    @Test
    void givenAMissingTagUnderAnExistingParent_whenSet_thenItIsAddedAfterTheLastSiblingWithItsIndent() {
        String text = """
                image:
                    repository: shop   # four spaces
                    pullPolicy: Always
                # the service
                service:
                  port: 80
                """;

        String edited = set(text);

        assertThat(edited).isEqualTo("""
                image:
                    repository: shop   # four spaces
                    pullPolicy: Always
                    tag: %s
                # the service
                service:
                  port: 80
                """.formatted(NEW));
    }

    @Test
    void givenMissingParents_whenSet_thenTheyAreAppendedWithTheFilesIndentStep() {
        String text = """
                service:
                    port: 80
                replicaCount: 1 # last line
                """;

        String edited = ValuesEditor.set(text, FILE, "app.image.tag", NEW);

        assertThat(edited).isEqualTo(text + "app:\n    image:\n        tag: " + NEW + "\n");
    }

    @Test
    void givenANestedMissingKeyWhoseSiblingIsADeeperMapping_whenSet_thenItGoesAfterTheDeepestLine() {
        String text = "image:\n  registry:\n    host: r\n    port: 1\nnext: 2\n";

        String edited = set(text);

        assertThat(edited).isEqualTo("image:\n  registry:\n    host: r\n    port: 1\n  tag: " + NEW + "\nnext: 2\n");
    }

    @Test
    void givenAnEmptyFile_whenSet_thenTheKeyIsWrittenWithItsParents() {
        String edited = set("");

        assertThat(edited).isEqualTo("image:\n  tag: " + NEW + "\n");
    }

    @Test
    void givenACommentOnlyFileWithoutFinalNewline_whenSet_thenTheCommentStaysAndTheKeyFollows() {
        String edited = set("# nothing yet");

        assertThat(edited).isEqualTo("# nothing yet\nimage:\n  tag: " + NEW + "\n");
    }

    @Test
    void givenALastLineWithoutNewline_whenAKeyIsAdded_thenNoNewlineIsAddedAtTheEnd() {
        String edited = set("image:\n  repository: shop");

        assertThat(edited).isEqualTo("image:\n  repository: shop\n  tag: " + NEW);
    }

    @Test
    void givenAnEmptyParent_whenSet_thenTheChildIsAddedUnderIt() {
        String edited = set("image:   # to be filled\nother: 1\n");

        assertThat(edited).isEqualTo("image:   # to be filled\n  tag: " + NEW + "\nother: 1\n");
    }

    @Test
    void givenAnExplicitNullParent_whenSet_thenItBecomesAFlowMapping() {
        String edited = set("image: ~\n");

        assertThat(edited).isEqualTo("image: {tag: " + NEW + "}\n");
    }

    @Test
    void givenAnEmptyTag_whenSet_thenTheValueIsWrittenAfterTheColon() {
        String edited = set("image:\n  tag:\n  repository: shop\n");

        assertThat(edited).isEqualTo("image:\n  tag: " + NEW + "\n  repository: shop\n");
    }

    @Test
    void givenANullTag_whenSet_thenTheNullIsReplaced() {
        String edited = set("image:\n  tag: null # none yet\n");

        assertThat(edited).isEqualTo("image:\n  tag: " + NEW + " # none yet\n");
    }

    @Test
    void givenABlockScalarTag_whenSet_thenItBecomesPlainAndTheFollowingLinesStay() {
        String edited = set("image:\n  tag: |\n    v1\n\n# next\nother: 1\n");

        assertThat(edited).isEqualTo("image:\n  tag: " + NEW + "\n\n# next\nother: 1\n");
    }

    @Test
    void givenWindowsLineEndings_whenAKeyIsAdded_thenTheNewLinesUseThemToo() {
        String edited = set("image:\r\n  repository: shop\r\nother: 1\r\n");

        assertThat(edited).isEqualTo("image:\r\n  repository: shop\r\n  tag: " + NEW + "\r\nother: 1\r\n");
    }

    @Test
    void givenCharactersOutsideTheBasicPlaneBeforeTheTag_whenSet_thenTheOffsetsStillHitTheTag() {
        String edited = set("# deployed with 🚀 and ✨\nimage:\n  name: \"🐳\"\n  tag: v1\n");

        assertThat(edited).isEqualTo("# deployed with 🚀 and ✨\nimage:\n  name: \"🐳\"\n  tag: " + NEW + "\n");
    }

    @Test
    void givenQuotedKeys_whenSet_thenTheyAreFound() {
        String edited = set("\"image\":\n  'tag': v1\n");

        assertThat(edited).isEqualTo("\"image\":\n  'tag': " + NEW + "\n");
    }

    @Test
    void givenAValuesFileThatIsNotYaml_whenSet_thenItFailsWithFileAndLine() {
        assertThatThrownBy(() -> set("image:\n  tag: [unclosed\n"))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining(FILE + ":");
    }

    @Test
    void givenAYamlBomb_whenSet_thenItFailsFastOnTheAliasLimit() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + p + ",").repeat(8)).append('*').append(p)
                    .append("]\n");
        }
        bomb.append("image:\n  tag: v1\n");

        assertThatThrownBy(() -> set(bomb.toString()))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void givenAListAtTheRoot_whenSet_thenItFailsBecauseValuesMustBeAMapping() {
        assertThatThrownBy(() -> set("- a\n- b\n"))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("values must be a mapping");
    }

    @Test
    void givenAScalarParent_whenSet_thenItFailsRatherThanOverwritingIt() {
        assertThatThrownBy(() -> set("image: nginx:1.27\n"))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("'image' is a scalar");
    }

    @Test
    void givenAMappingWhereTheScalarShouldBe_whenSet_thenItFails() {
        assertThatThrownBy(() -> set("image:\n  tag:\n    value: v1\n"))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("'image.tag' holds a mapping, not a scalar");
    }

    @Test
    void givenAListWhereTheParentShouldBe_whenSet_thenItFails() {
        assertThatThrownBy(() -> set("image:\n  - tag: v1\n"))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("'image' holds a list, not a mapping");
    }

    @Test
    void givenTheParentIsAnAlias_whenSet_thenItFailsInsteadOfEditingTheAnchor() {
        assertThatThrownBy(() -> set("base: &b\n  tag: v1\nimage: *b\n"))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("'image' is an alias");
    }

    @Test
    void givenASharedAnchoredMapping_whenSet_thenItFailsBecauseTheAliasWouldChangeToo() {
        assertThatThrownBy(() -> set("image: &img\n  tag: v1\nsidecar: *img\n"))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("would change other values too");
    }

    @Test
    void givenAMergeKeyAndNoExplicitParent_whenSet_thenItFails() {
        assertThatThrownBy(() -> ValuesEditor.set("base: &b {tag: v1}\nimage:\n  <<: *b\n", FILE, "image.tag", NEW))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("merge key");
    }

    @Test
    void givenAMergedMappingWithoutTheChild_whenSet_thenItFailsOnTheMergeKey() {
        assertThatThrownBy(() -> ValuesEditor.set("base: &b {repository: x}\nimage:\n  <<: *b\n  pullPolicy: Always\n",
                FILE, "image.tag", NEW))
                .isInstanceOf(ValuesEditException.class)
                .hasMessageContaining("merge key");
    }

    @Test
    void givenValues_whenRead_thenTheScalarIsReturned() {
        assertThat(ValuesEditor.read("image:\n  tag: \"abc\"\n", FILE, "image.tag")).contains("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image:\n  tag: ~\n", "image: ~\n", "", "other: 1\n"})
    void givenAMissingOrNullKey_whenRead_thenItIsEmpty(String text) {
        var value = ValuesEditor.read(text, FILE, "image.tag");

        assertThat(value).isEmpty();
    }

    @Test
    void givenAScalarParent_whenRead_thenItFails() {
        assertThatThrownBy(() -> ValuesEditor.read("image: x\n", FILE, "image.tag"))
                .isInstanceOf(ValuesEditException.class).hasMessageContaining("'image' is not a mapping");
    }

    @Test
    void givenAMappingAtTheKey_whenRead_thenItFails() {
        assertThatThrownBy(() -> ValuesEditor.read("image:\n  tag: {a: 1}\n", FILE, "image.tag"))
                .isInstanceOf(ValuesEditException.class).hasMessageContaining("holds a mapping, not a scalar");
    }

    @Test
    void givenAMalformedDottedKey_whenSet_thenItIsRejected() {
        assertThatThrownBy(() -> ValuesEditor.set("a: 1\n", FILE, "image..tag", NEW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "it's|SINGLE_QUOTED|'it''s'",
            "a\"b\\c|PLAIN|\"a\\\"b\\\\c\"",
            "true|PLAIN|\"true\"",
            "0123|DOUBLE_QUOTED|\"0123\""})
    void givenValuesThatNeedQuoting_whenRendered_thenTheStyleEscapesThem(String value, ScalarStyle style,
                                                                       String expected) {
        String rendered = ValuesEditor.render(value, style);

        assertThat(rendered).isEqualTo(expected);
    }

    @Test
    void givenControlCharacters_whenRenderedPlain_thenTheyAreEscapedInDoubleQuotes() {
        String rendered = ValuesEditor.render("a\nb\tc\u0001", ScalarStyle.PLAIN);

        assertThat(rendered).isEqualTo("\"a\\nb\\tc\\x01\"");
    }
}
