package io.gitops.sync.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.gitops.sandbox.SandboxCluster;

/**
 * A fabric8 client of the sandbox that authenticates with one token (a ServiceAccount's) and records every request
 * it sends ({@code METHOD /path?query}), so a test can tell what the engine asked the API server.
 */
public final class ServiceAccountClient implements AutoCloseable {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final KubernetesClient client;

    public ServiceAccountClient(SandboxCluster sandbox, String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(sandbox.url())
                .withTrustCerts(sandbox.url().startsWith("https:")).withOauthToken(token).withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(10_000).withRequestTimeout(10_000).build();
        Interceptor recorder = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                requests.add(request.method() + " " + request.uri().getRawPath()
                        + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()));
            }
        };
        this.client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("request-recorder", recorder)).build();
    }

    public KubernetesClient client() {
        return client;
    }

    /** Every request sent so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        client.close();
    }
}
