package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.commit.ChangeTrailers;
import io.gitops.bumper.commit.CommitMessages;
import io.gitops.bumper.edit.AppliedChange;
import io.gitops.events.data.ChangeCause;
import org.junit.jupiter.api.Test;

class ChangeTrailersTest {

    static final String NEW = sha("new");
    static final String OLD = sha("old");

    static AppliedChange bump(String app, String env) {
        return new AppliedChange(Fixtures.bump(app, NEW, T0), app, env, "apps/" + app + "/envs/" + env
                + "/values.yaml", "image.tag", OLD, NEW, ChangeCause.BUMP, null, null);
    }

    @Test
    void givenOneBump_whenItsCommitMessageIsWritten_thenItIsReadableAndEndsWithTheTrailers() {
        AppliedChange change = bump("shop", "staging");

        String message = CommitMessages.bump(List.of(change));

        assertThat(message).isEqualTo("""
                Bump shop/staging to %s

                Set image.tag in apps/shop/envs/staging/values.yaml from %s to %s,
                built by pipeline pl-shop-%s from acme/shop@%s (committed %s).

                Gitops-App: shop
                Gitops-Env: staging
                Gitops-Tag: %s
                Gitops-Previous-Tag: %s
                Gitops-Source-Commit: %s
                Gitops-Source-Commit-Time: %s
                Gitops-Pipeline: pl-shop-%s
                Gitops-Cause: bump
                Gitops-Caused-By: %s
                """.formatted(NEW.substring(0, 12), OLD.substring(0, 12), NEW, NEW.substring(0, 12),
                NEW.substring(0, 12), T0, NEW, OLD, NEW, T0, NEW.substring(0, 12), change.intent().event().id()));
    }

    @Test
    void givenManyBumps_whenTheirCommitMessageIsWritten_thenTheSubjectNamesTheFirstFewAndCountsTheRest() {
        List<AppliedChange> changes = List.of(bump("a", "dev"), bump("b", "dev"), bump("c", "dev"), bump("d", "dev"),
                bump("e", "dev"));

        String message = CommitMessages.bump(changes);

        assertThat(message.lines().findFirst()).contains("Bump 5 environments: a/dev, b/dev, c/dev and 2 more");
        assertThat(ChangeTrailers.parse(message)).extracting(ChangeTrailers::app)
                .containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void givenACommitMessageWithSeveralGroups_whenParsed_thenEachGroupIsOneChange() {
        String message = CommitMessages.bump(List.of(bump("shop", "staging"), bump("web", "prod")));

        List<ChangeTrailers> parsed = ChangeTrailers.parse(message);

        assertThat(parsed).containsExactly(bump("shop", "staging").trailers(), bump("web", "prod").trailers());
    }

    @Test
    void givenAMessageWithoutATrailerBlock_whenParsed_thenThereAreNoChanges() {
        List<ChangeTrailers> parsed = ChangeTrailers.parse("Fix a typo\n\nGitops-App: shop is mentioned here.\n");

        assertThat(parsed).isEmpty();
    }

    @Test
    void givenForeignAndUnknownTrailers_whenParsed_thenOnlyCompleteGroupsAreRead() {
        String message = "Revert by hand\r\n\r\nSigned-off-by: Dev <dev@example.invalid>\r\nGitops-App: shop\r\n"
                + "Gitops-Env: staging\r\nGitops-Cause: revert\r\nGitops-Source-Commit-Time: yesterday\r\n"
                + "Gitops-Future-Key: x\r\nGitops-App: web\r\nGitops-Cause: nonsense\r\n";

        List<ChangeTrailers> parsed = ChangeTrailers.parse(message);

        assertThat(parsed).singleElement().satisfies(t -> {
            assertThat(t.app()).isEqualTo("shop");
            assertThat(t.cause()).isEqualTo(ChangeCause.REVERT);
            assertThat(t.sourceCommitTime()).isNull();
        });
    }

    @Test
    void givenValuesWithLineBreaks_whenWrittenAsTrailers_thenEachStaysOnOneBoundedLine() {
        ChangeTrailers trailers = new ChangeTrailers("shop", "staging", "t", null, null, null,
                "pl\nGitops-App: evil", ChangeCause.BUMP, null, "x".repeat(500));

        List<String> lines = trailers.lines();

        assertThat(lines).contains("Gitops-Pipeline: pl Gitops-App: evil").allSatisfy(l ->
                assertThat(l.length()).isLessThanOrEqualTo(230));
        assertThat(ChangeTrailers.parse("s\n\n" + String.join("\n", lines))).hasSize(1);
    }

    @Test
    void givenARevertThatOnlyQuarantined_whenItsMessageIsWritten_thenItSaysWhyTheValuesStayed() {
        Intent intent = Fixtures.revert("shop", "staging", NEW, null);
        AppliedChange change = new AppliedChange(intent, "shop", "staging", "v.yaml", "image.tag", NEW, NEW,
                ChangeCause.REVERT, NEW, "there is no last healthy tag to revert to");

        String message = CommitMessages.revert(change, ((Intent.Revert) intent).verdict());

        assertThat(message).startsWith("Quarantine " + NEW.substring(0, 12) + " for shop/staging after failed rollout")
                .contains("Values left as they are: there is no last healthy tag to revert to.",
                        "Gitops-Quarantined-Tag: " + NEW, "Gitops-Cause: revert")
                .doesNotContain("Gitops-Source-Commit-Time");
    }

    @Test
    void givenTagsThatAreNotCommitShas_whenShortened_thenTheyStayWhole() {
        assertThat(CommitMessages.shortTag("v1.2.3")).isEqualTo("v1.2.3");
        assertThat(CommitMessages.shortTag(null)).isEqualTo("(none)");
    }
}
