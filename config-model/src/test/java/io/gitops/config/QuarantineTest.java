package io.gitops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class QuarantineTest {

    static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    @Test
    void givenNoFile_whenATagIsAppended_thenAFileWithAHeaderAndTheEntryIsCreated() {
        String text = Quarantine.append(null, "q", "shop", "staging", SHA, "CRASH_LOOP", AT);

        assertThat(text).startsWith("# Image tags whose rollout failed");
        assertThat(Quarantine.parse(text, "q").entries()).containsExactly(
                new Quarantine.Entry("shop", "staging", SHA, "CRASH_LOOP", "2026-11-27T10:00:00Z"));
    }

    @Test
    void givenAFileWithComments_whenATagIsAppended_thenExistingTextIsKeptVerbatim() {
        String existing = "# keep me\nquarantined:\n  - app: cart # old one\n    tag: \"abc\"\n";

        String text = Quarantine.append(existing, "q", "shop", null, SHA, "said \"no\"", AT);

        assertThat(text).startsWith(existing);
        assertThat(Quarantine.parse(text, "q").isQuarantined("shop", "any", SHA)).isTrue();
        assertThat(Quarantine.parse(text, "q").entries().get(1).reason()).isEqualTo("said \"no\"");
    }

    @Test
    void givenAnAlreadyQuarantinedTag_whenAppendedAgain_thenTheTextIsUnchanged() {
        String once = Quarantine.append("", "q", "shop", "staging", SHA, null, AT);

        String twice = Quarantine.append(once, "q", "shop", "staging", SHA, null, AT);

        assertThat(twice).isEqualTo(once);
    }

    @Test
    void givenAnEmptyListOrOnlyComments_whenAppended_thenTheResultParses() {
        String fromEmptyList = Quarantine.append("quarantined: []\n", "q", "shop", null, SHA, null, AT);
        String fromComments = Quarantine.append("# nothing yet", "q", "shop", null, SHA, null, AT);

        assertThat(Quarantine.parse(fromEmptyList, "q").entries()).hasSize(1);
        assertThat(Quarantine.parse(fromComments, "q").entries()).hasSize(1);
        assertThat(fromComments).startsWith("# nothing yet\nquarantined:\n");
    }

    @Test
    void givenUnsafeNamesOrTags_whenAppended_thenTheyAreRefused() {
        assertThatThrownBy(() -> Quarantine.append("", "q", "../x", null, SHA, null, AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quarantine.append("", "q", "shop", "Prod", SHA, null, AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quarantine.append("", "q", "shop", null, "a tag\nwith: yaml", null, AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenMalformedFiles_whenParsed_thenTheyAreInvalid() {
        assertThatThrownBy(() -> Quarantine.parse("- a\n- b\n", "q")).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> Quarantine.parse("quarantined: {a: 1}\n", "q")).isInstanceOf(InvalidConfigException.class);
        assertThat(Quarantine.parse("quarantined:\n", "q")).isEqualTo(Quarantine.EMPTY);
        assertThat(Quarantine.parse("# only comments\n", "q")).isEqualTo(Quarantine.EMPTY);
    }
}
