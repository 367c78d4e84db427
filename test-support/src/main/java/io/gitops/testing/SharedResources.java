package io.gitops.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Resources shared by the whole test JVM, one per key: started on first request, closed in reverse start order when the
 * JVM exits (a single shutdown hook). The {@link Scope#JVM} extensions and the Quarkus test resources use it, so a
 * module's plain tests and {@code @QuarkusTest}s share one sandbox or Git server per configuration.
 */
public final class SharedResources {

    private static final Map<Object, AutoCloseable> RESOURCES = new LinkedHashMap<>();
    private static boolean hooked;

    private SharedResources() {
    }

    /** The resource for {@code key}, started with {@code start} when there is none yet. */
    public static synchronized <T extends AutoCloseable> T get(Object key, Supplier<T> start) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(SharedResources::closeAll, "test-support-shutdown"));
            hooked = true;
        }
        @SuppressWarnings("unchecked")
        T resource = (T) RESOURCES.get(key);
        if (resource == null) {
            resource = start.get();
            RESOURCES.put(key, resource);
        }
        return resource;
    }

    /** Closes every shared resource (the shutdown hook does; tests of this library call it to check it). */
    static synchronized void closeAll() {
        List<AutoCloseable> started = new ArrayList<>(RESOURCES.values());
        RESOURCES.clear();
        Collections.reverse(started);
        for (AutoCloseable resource : started) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("test-support: closing " + resource + " failed: " + e);
            }
        }
    }
}
