package io.gitops.health.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.gitops.sandbox.SandboxCluster;

/**
 * A client of the sandbox that records every request it sends ("METHOD uri") and, once armed, runs an action just
 * before its next pod watch request in a namespace: the gap between a pod informer's list and its watch.
 */
public final class GapClient implements AutoCloseable {

    private final KubernetesClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<Gap> armed = new AtomicReference<>();
    private final AtomicBoolean ran = new AtomicBoolean();

    private record Gap(String namespace, Runnable action) {
    }

    public GapClient(SandboxCluster sandbox) {
        ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(sandbox.url()).withHttp2Disable(true)
                .withTrustCerts(true);
        if (sandbox.authorization()) {
            builder.withOauthToken(sandbox.adminToken());
        }
        this.client = new KubernetesClientBuilder().withConfig(builder.build())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("gap", new Interceptor() {
                    @Override
                    public void before(BasicBuilder basic, HttpRequest request, Interceptor.RequestTags tags) {
                        String uri = request.uri().toString();
                        requests.add(request.method() + " " + uri);
                        Gap gap = armed.get();
                        if (gap != null && uri.contains("/namespaces/" + gap.namespace() + "/pods?")
                                && uri.contains("watch=true") && armed.compareAndSet(gap, null)) {
                            gap.action().run();
                            ran.set(true);
                        }
                    }
                })).build();
    }

    public KubernetesClient client() {
        return client;
    }

    /** Runs {@code action} (once) before the next pod watch request in {@code namespace}. */
    public void beforeNextPodWatch(String namespace, Runnable action) {
        armed.set(new Gap(namespace, action));
    }

    /** Whether the armed action ran. */
    public boolean gapRan() {
        return ran.get();
    }

    /** GETs of single pods by name (look-ups), as opposed to the informers' lists and watches of the collection. */
    public List<String> podLookups() {
        return requests.stream().filter(r -> r.matches("GET \\S*/api/v1/namespaces/[^/]+/pods/[^/?]+(\\?.*)?"))
                .toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
