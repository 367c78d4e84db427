package io.gitops.sync.history;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.events.EventCodec;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.manifest.ObjectKey;

/**
 * Keeps each (app, env)'s history in one ConfigMap {@code gitops-history.<app>.<env>} in the engine's own namespace
 * of the target cluster (like Helm's release Secrets): it survives restarts of the engine, moves with a rebalance to
 * whichever instance owns the app next, and needs no volume. The history is JSON, gzipped, in {@code binaryData}; when
 * it grows past {@link #MAX_BYTES} the oldest entries are dropped (the newest always stays). The namespace is
 * created only when {@code createNamespace} is set (otherwise it must exist: a save into a missing or forbidden
 * namespace fails, and the engine keeps the history in memory); the engine needs ConfigMaps get, create and patch
 * there.
 */
public final class ConfigMapHistoryStore implements HistoryStore {

    public static final String DATA_KEY = "history.json.gz";
    public static final String ROLE_LABEL = "gitops.io/role";
    public static final String ROLE = "revision-history";
    /** Below the API server's 1 MiB object limit, with room for metadata. */
    public static final int MAX_BYTES = 900 * 1024;

    private static final ObjectMapper JSON = EventCodec.mapper();

    private final KubeApi api;
    private final String namespace;
    private final boolean createNamespace;
    private final AtomicBoolean namespaceReady = new AtomicBoolean();

    /** A store in {@code namespace}, which must exist (it is never created). */
    public ConfigMapHistoryStore(KubeApi api, String namespace) {
        this(api, namespace, false);
    }

    public ConfigMapHistoryStore(KubeApi api, String namespace, boolean createNamespace) {
        this.api = api;
        this.namespace = namespace;
        this.createNamespace = createNamespace;
    }

    public static String name(String app, String env) {
        return "gitops-history." + app + "." + env;
    }

    @Override
    public AppHistory load(String app, String env, String appNamespace) {
        Optional<ObjectNode> configMap = api.get(key(app, env));
        String data = configMap.map(c -> c.path("binaryData").path(DATA_KEY).asText("")).orElse("");
        if (data.isEmpty()) {
            return AppHistory.empty(app, env, appNamespace);
        }
        return decode(Base64.getDecoder().decode(data));
    }

    @Override
    public void save(AppHistory history) {
        if (createNamespace && namespaceReady.compareAndSet(false, true)) {
            try {
                api.ensureNamespace(namespace, Map.of());
            } catch (RuntimeException e) {
                namespaceReady.set(false);
                throw e;
            }
        }
        AppHistory bounded = history;
        byte[] bytes = encode(bounded);
        while (bytes.length > MAX_BYTES && bounded.entries().size() > 1) {
            bounded = bounded.withoutOldest();
            bytes = encode(bounded);
        }
        ObjectNode configMap = JSON.createObjectNode();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        ObjectNode metadata = configMap.putObject("metadata");
        metadata.put("name", name(history.app(), history.env()));
        metadata.put("namespace", namespace);
        ObjectNode labels = metadata.putObject("labels");
        labels.put(ROLE_LABEL, ROLE);
        labels.put("gitops.io/history-app", history.app());
        labels.put("gitops.io/history-env", history.env());
        configMap.putObject("binaryData").put(DATA_KEY, Base64.getEncoder().encodeToString(bytes));
        api.apply(configMap);
    }

    private ObjectKey key(String app, String env) {
        return new ObjectKey("v1", "ConfigMap", namespace, name(app, env));
    }

    static byte[] encode(AppHistory history) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, history);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static AppHistory decode(byte[] gzipped) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return JSON.readValue(gzip, AppHistory.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable revision history: " + e.getMessage(), e);
        }
    }
}
