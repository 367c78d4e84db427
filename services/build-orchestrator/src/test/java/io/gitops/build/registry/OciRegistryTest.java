package io.gitops.build.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.RegistryCredentials;

class OciRegistryTest {

    static final String DIGEST = "sha256:" + "cd".repeat(32);

    WireMockServer server;
    OciRegistry registry;
    ImageRepository repository;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        registry = new OciRegistry(Optional.of(new RegistryCredentials("bot", "pw")), List.of("127.0.0.1"),
                Duration.ofSeconds(5));
        repository = ImageRepository.parse("127.0.0.1:" + server.port() + "/acme/shop");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void givenATagInTheRegistry_whenTheDigestIsRead_thenTheKitsManifestHeadAnswersItWithTheConfiguredCredentials() {
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/abc")).willReturn(aResponse().withStatus(200)
                .withHeader("Docker-Content-Digest", DIGEST)));

        assertThat(registry.digest(repository, "abc")).isEqualTo(Outcome.success(Optional.of(DIGEST)));
    }

    @Test
    void givenALoopbackRegistry_whenPrepared_thenThePushIsInsecureWithTheConfiguredCredentials() {
        PushTarget target = ((Outcome.Success<PushTarget>) registry.prepare(repository, "abc")).value();

        assertThat(target.insecure()).isTrue();
        assertThat(target.credentials()).contains(new RegistryCredentials("bot", "pw"));
        assertThat(registry.prepare(ImageRepository.parse("ghcr.io/acme/shop"), "abc"))
                .isInstanceOfSatisfying(Outcome.Success.class, s -> assertThat(((PushTarget) s.value()).insecure())
                        .isFalse());
    }
}
