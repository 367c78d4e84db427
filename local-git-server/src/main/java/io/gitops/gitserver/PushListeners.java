package io.gitops.gitserver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered push listeners; a failing listener is logged and never affects the push or other listeners. */
final class PushListeners {

    private static final Logger LOG = LoggerFactory.getLogger(PushListeners.class);

    private final List<Consumer<PushNotification>> listeners = new CopyOnWriteArrayList<>();

    PushSubscription add(Consumer<PushNotification> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void fire(PushNotification notification) {
        for (Consumer<PushNotification> listener : listeners) {
            try {
                listener.accept(notification);
            } catch (RuntimeException e) {
                LOG.warn("Push listener failed for {} {}", notification.repositoryFullName(), notification.ref(), e);
            }
        }
    }
}
