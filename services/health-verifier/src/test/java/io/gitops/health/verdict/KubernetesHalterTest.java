package io.gitops.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gitops.kit.Retry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a refused halt patch is tried again is the service kit's {@code Transience} rule, not the halter's own: an
 * API server that answers with a status, in expectations mode, and the number of patches it received.
 */
class KubernetesHalterTest {

    private static final String PATH = "/apis/apps/v1/namespaces/shop-staging/deployments/shop";
    private static final int ATTEMPTS = 3;

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(false);
        server.init();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/")).withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).withHttp2Disable(true).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    private int patchesReceived() throws InterruptedException {
        int patches = 0;
        for (int i = server.getRequestCount(); i > 0; i--) {
            RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
            if (request != null && "PATCH".equals(request.getMethod())) {
                patches++;
            }
        }
        return patches;
    }

    private static Deployment shop() {
        return new DeploymentBuilder().withNewMetadata().withName("shop").withNamespace("shop-staging").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build();
    }

    @ParameterizedTest(name = "HTTP {0}: {1} patch(es)")
    @CsvSource({
            "403, 1", // forbidden (RBAC): permanent
            "404, 1", // the Deployment is gone: permanent
            "422, 1", // invalid patch: permanent
            "401, 1", // the credential is wrong: permanent (was retried before the one classifier)
            "400, 1", // bad request: permanent (was retried before the one classifier)
            "409, 3", // conflict: a lost race, retried
            "429, 3", // throttled: retried
            "503, 3"  // API server unavailable: retried
    })
    void refusedHaltIsRetriedOnlyWhenTheStatusIsTransient(int status, int patches) throws InterruptedException {
        // Given an API server that shows the Deployment but refuses every patch of it with this status
        server.expect().get().withPath(PATH).andReturn(200, shop()).always();
        server.expect().patch().withPath(PATH + "?fieldManager=" + KubernetesHalter.FIELD_MANAGER)
                .andReturn(status, new StatusBuilder().withCode(status).withMessage("refused (test)").build()).always();
        KubernetesHalter halter = new KubernetesHalter(client, new Retry(ATTEMPTS, Duration.ZERO, Duration.ZERO),
                d -> { });

        // When the failed rollout is halted
        Halter.Result result = halter.halt("shop-staging", List.<HasMetadata>of(shop()), "4e5d6c7b");

        // Then the halt is incomplete, says why, and was tried as often as the status deserves
        assertThat(result.halted()).isFalse();
        assertThat(result.problems()).singleElement().asString().startsWith("Deployment/shop: HTTP " + status);
        assertThat(patchesReceived()).isEqualTo(patches);
    }
}
