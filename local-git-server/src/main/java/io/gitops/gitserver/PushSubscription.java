package io.gitops.gitserver;

/** A registered push listener; {@link #close()} unregisters it. */
@FunctionalInterface
public interface PushSubscription extends AutoCloseable {

    @Override
    void close();
}
