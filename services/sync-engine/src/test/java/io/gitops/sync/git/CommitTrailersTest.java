package io.gitops.sync.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CommitTrailersTest {

    static final String BATCH = """
            Bump 2 environments: shop/staging, cart/prod

            - Set image.tag ...
            - Set image.tag ...

            Gitops-App: shop
            Gitops-Env: staging
            Gitops-Tag: 1111
            Gitops-Source-Commit: aaaa
            Gitops-Source-Commit-Time: 2026-11-27T09:59:58Z
            Gitops-Cause: bump
            Gitops-App: cart
            Gitops-Env: prod
            Gitops-Tag: 2222
            Gitops-Source-Commit: bbbb
            Gitops-Source-Commit-Time: not a time
            Gitops-Cause: revert
            """;

    @Test
    void givenABatchCommit_whenTheSecondGroupIsLookedUp_thenItsTrailersAreRead() {
        Optional<ConfigChange> change = CommitTrailers.find("c1", BATCH, "cart", "prod");

        assertThat(change).contains(new ConfigChange("c1", "2222", "bbbb", null, "revert"));
    }

    @Test
    void givenABatchCommit_whenTheFirstGroupIsLookedUp_thenItStopsAtTheNextApp() {
        Optional<ConfigChange> change = CommitTrailers.find("c1", BATCH, "shop", "staging");

        assertThat(change).contains(new ConfigChange("c1", "1111", "aaaa", Instant.parse("2026-11-27T09:59:58Z"),
                "bump"));
    }

    @Test
    void givenACommitByAPerson_whenLookedUp_thenThereIsNoChange() {
        Optional<ConfigChange> change = CommitTrailers.find("c2", "Tune replicas\n\nBecause traffic.\n", "shop",
                "staging");

        assertThat(change).isEmpty();
    }

    @Test
    void givenTrailersOfAnotherApp_whenLookedUp_thenThereIsNoChange() {
        Optional<ConfigChange> change = CommitTrailers.find("c1", BATCH, "shop", "prod");

        assertThat(change).isEmpty();
    }
}
