package io.gitops.kit.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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

class OciManifestsTest {

    static final String DIGEST = "sha256:" + "cd".repeat(32);

    WireMockServer server;
    OciManifests registry;
    String host;
    Optional<RegistryCredentials> credentials = Optional.of(new RegistryCredentials("bot", "pw"));

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        registry = new OciManifests(List.of("127.0.0.1"), Duration.ofSeconds(5));
        host = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void givenATagInTheRegistry_whenTheDigestIsRead_thenTheManifestHeadAnswersIt() {
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/abc")).willReturn(aResponse().withStatus(200)
                .withHeader("Docker-Content-Digest", DIGEST)));

        assertThat(registry.digest(host, "acme/shop", "abc", credentials))
                .isEqualTo(Outcome.success(Optional.of(DIGEST)));
        server.verify(com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor(urlEqualTo(
                "/v2/acme/shop/manifests/abc")).withHeader("Accept", equalTo(OciManifests.ACCEPT)));
    }

    @Test
    void givenATokenChallenge_whenTheDigestIsRead_thenTheBearerTokenIsFetchedWithTheCredentials() {
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/abc")).atPriority(5).willReturn(aResponse()
                .withStatus(401).withHeader("WWW-Authenticate", "Bearer realm=\"" + server.baseUrl()
                        + "/token\",service=\"registry\",scope=\"repository:acme/shop:pull\"")));
        server.stubFor(get(urlPathEqualTo("/token")).withHeader("Authorization", equalTo("Basic Ym90OnB3"))
                .willReturn(okJson("{\"token\":\"t0k\"}")));
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/abc")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer t0k"))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", DIGEST)));

        assertThat(registry.digest(host, "acme/shop", "abc", credentials)).isEqualTo(Outcome.success(Optional.of(DIGEST)));
    }

    @Test
    void givenAnUnknownTag_whenTheDigestIsRead_thenItIsEmpty() {
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/abc")).willReturn(aResponse().withStatus(404)));

        assertThat(registry.digest(host, "acme/shop", "abc", credentials)).isEqualTo(Outcome.success(Optional.empty()));
    }

    @Test
    void givenARegistryErrorOrRefusal_whenTheDigestIsRead_thenTransientAndPermanentAreTold() {
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/a")).willReturn(aResponse().withStatus(503)));
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/b")).willReturn(aResponse().withStatus(403)));
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/c")).willReturn(aResponse().withStatus(200)));

        assertThat(registry.digest(host, "acme/shop", "a", credentials)).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(registry.digest(host, "acme/shop", "b", credentials)).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(registry.digest(host, "acme/shop", "c", credentials)).isInstanceOf(Outcome.PermanentFailure.class);
    }

    @Test
    void givenA403ThatIsARateLimit_whenTheDigestIsRead_thenItIsTransient() {
        server.stubFor(head(urlEqualTo("/v2/acme/shop/manifests/a")).willReturn(aResponse().withStatus(403)
                .withHeader("Retry-After", "30")));

        assertThat(registry.digest(host, "acme/shop", "a", credentials)).isInstanceOf(Outcome.TransientFailure.class);
    }

    @Test
    void givenAnUnreachableRegistry_whenTheDigestIsRead_thenItIsTransient() {
        server.stop();

        assertThat(registry.digest(host, "acme/shop", "abc", credentials)).isInstanceOf(Outcome.TransientFailure.class);
    }
}
