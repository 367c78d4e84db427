package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitops.events.EventDecodingException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Argo CD's {@code TestIsRetryableError}: the classifier, case by case. */
class TransienceTest {

    @ParameterizedTest(name = "HTTP {0} transient: {1}")
    @CsvSource({
            "0, true", "-1, true", "408, true", "409, true", "425, true", "429, true", "500, true", "502, true",
            "503, true", "504, true",
            "400, false", "401, false", "403, false", "404, false", "410, false", "413, false", "415, false",
            "422, false"})
    void givenAnHttpStatus_whenClassified_thenOnlyTimeoutsConflictsLimitsAndServerErrorsAreTransient(int status,
                                                                                                    boolean expected) {
        boolean transientStatus = Transience.isTransientStatus(status);

        assertThat(transientStatus).isEqualTo(expected);
    }

    @Test
    void givenA403WithRetryAfter_whenClassified_thenItIsARateLimitAndTransient() {
        boolean transientResponse = Transience.isTransientResponse(403, Map.of("Retry-After", List.of("60")));

        assertThat(transientResponse).isTrue();
    }

    @Test
    void givenA403WithNoRequestsLeft_whenClassified_thenItIsGitHubsPrimaryRateLimitAndTransient() {
        boolean transientResponse = Transience.isTransientResponse(403,
                Map.of("X-RateLimit-Remaining", List.of("0")));

        assertThat(transientResponse).isTrue();
    }

    @Test
    void givenA403WithRequestsLeft_whenClassified_thenItIsAMissingPermissionAndPermanent() {
        boolean transientResponse = Transience.isTransientResponse(403,
                Map.of("x-ratelimit-remaining", List.of("4999")));

        assertThat(transientResponse).isFalse();
    }

    @Test
    void givenAnyOtherStatusWithHeaders_whenClassified_thenTheStatusRuleDecides() {
        assertThat(Transience.isTransientResponse(502, Map.of())).isTrue();
        assertThat(Transience.isTransientResponse(404, Map.of("Retry-After", List.of("1")))).isFalse();
    }

    @Test
    void givenNetworkAndTimeoutFailures_whenClassified_thenTheyAreTransient() {
        assertThat(Transience.isTransient(new ConnectException("refused"))).isTrue();
        assertThat(Transience.isTransient(new HttpTimeoutException("slow"))).isTrue();
        assertThat(Transience.isTransient(new UncheckedIOException(new IOException("reset")))).isTrue();
        assertThat(Transience.isTransient(new java.util.concurrent.TimeoutException())).isTrue();
        assertThat(Transience.isTransient(new InterruptedException())).isTrue();
        assertThat(Transience.isTransient(new PublishException("broker did not acknowledge", null))).isTrue();
    }

    @Test
    void givenAPublishFailure_whenClassified_thenTheBrokersReasonDecides() {
        assertThat(Transience.isTransient(new PublishException("broker did not acknowledge",
                new org.apache.kafka.common.errors.TimeoutException("expired")))).isTrue();
        assertThat(Transience.isTransient(new PublishException("broker refused",
                new RecordTooLargeException("3 MB")))).isFalse();
        assertThat(Transience.isTransient(new PublishException("broker refused",
                new TopicAuthorizationException("not yours")))).isFalse();
    }

    @Test
    void givenBadInputAndTerminalMarkers_whenClassified_thenTheyArePermanent() {
        assertThat(Transience.isTransient(new IllegalArgumentException("not a full SHA"))).isFalse();
        assertThat(Transience.isTransient(new EventDecodingException(EventDecodingException.Problem.MISSING_ATTRIBUTE, "no ce_type"))).isFalse();
        assertThat(Transience.isTransient(new PermanentException("refused by policy"))).isFalse();
    }

    @Test
    void givenAWrappedFailure_whenClassified_thenTheWrappedCauseDecides() {
        assertThat(Transience.isTransient(new ExecutionException(new IllegalArgumentException("bad")))).isFalse();
        assertThat(Transience.isTransient(new CompletionException(new ConnectException("down")))).isTrue();
        assertThat(Transience.isTransient(new RuntimeException(new PermanentException("no")))).isFalse();
    }

    @Test
    void givenAnUnknownFailure_whenClassified_thenItIsTransientUnlessKnownTerminal() {
        assertThat(Transience.isTransient(new IllegalStateException("race"))).isTrue();
        assertThat(Transience.isTransient(new NullPointerException())).isTrue();
    }

    @Test
    void givenKafkaFailures_whenClassified_thenRetriableRetriesAndSecurityOrSizeRefusalsDoNot() {
        assertThat(Transience.isTransient(new NotLeaderOrFollowerException("moving"))).isTrue();
        assertThat(Transience.isTransient(new org.apache.kafka.common.KafkaException("closed"))).isTrue();
        assertThat(Transience.isTransient(new TopicAuthorizationException("denied"))).isFalse();
        assertThat(Transience.isTransient(new RecordTooLargeException("2 MB"))).isFalse();
    }

    @Test
    void givenKubernetesClientFailures_whenClassified_thenTheStatusCodeDecides() {
        assertThat(Transience.isTransient(new KubernetesClientException("no answer"))).isTrue();
        assertThat(Transience.isTransient(new KubernetesClientException("conflict", 409, null))).isTrue();
        assertThat(Transience.isTransient(new KubernetesClientException("unavailable", 503, null))).isTrue();
        assertThat(Transience.isTransient(new KubernetesClientException("forbidden", 403, null))).isFalse();
        assertThat(Transience.isTransient(new KubernetesClientException("invalid", 422, null))).isFalse();
    }

    @Test
    void givenJGitFailures_whenClassified_thenTransportRetriesUnlessRefusedOrMissing() throws Exception {
        URIish uri = new URIish("https://git.example/acme/config.git");
        assertThat(Transience.isTransient(new TransportException(uri, "connection refused"))).isTrue();
        assertThat(Transience.isTransient(new TransportException(uri, "not authorized"))).isFalse();
        assertThat(Transience.isTransient(new TransportException(uri,
                "Authentication is required but no CredentialsProvider has been registered"))).isFalse();
        assertThat(Transience.isTransient(new NoRemoteRepositoryException(uri, "not found"))).isFalse();
        assertThat(Transience.isTransient(new InvalidRemoteException("no such remote"))).isFalse();
        assertThat(Transience.isTransient(new org.eclipse.jgit.api.errors.TransportException("remote hung up",
                new TransportException(uri, "remote hung up unexpectedly")))).isTrue();
    }

    @Test
    void givenTheGitClientsOwnFailure_whenClassified_thenItsKindDecides() {
        assertThat(Transience.isTransient(new io.gitops.kit.git.GitException(
                io.gitops.kit.git.GitException.Kind.PERMANENT, "push refused by hook", null))).isFalse();
        assertThat(Transience.isTransient(new RuntimeException(new io.gitops.kit.git.GitException(
                io.gitops.kit.git.GitException.Kind.TRANSIENT, "fetch timed out", null)))).isTrue();
    }

    @Test
    void givenAFailure_whenTurnedIntoAnOutcome_thenItIsClassified() {
        assertThat(Transience.failure("down", new ConnectException()))
                .isInstanceOf(Outcome.TransientFailure.class);
        assertThat(Transience.failure("bad", new IllegalArgumentException()))
                .isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(Transience.failure("HTTP 503", 503)).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(Transience.failure("HTTP 404", 404)).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(Transience.failure("HTTP 403", 403, Map.of("retry-after", List.of("5"))))
                .isInstanceOf(Outcome.TransientFailure.class);
        assertThat(Transience.failure("HTTP 403", 403, Map.of())).isInstanceOf(Outcome.PermanentFailure.class);
    }
}
