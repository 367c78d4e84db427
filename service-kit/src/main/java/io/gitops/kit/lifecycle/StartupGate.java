package io.gitops.kit.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens once, when a service has what it needs to handle input (state loaded, clients built); consumers that start
 * earlier wait on it, bounded. The one way every service gates "consumer before start-up".
 */
public final class StartupGate {

    private final CountDownLatch open = new CountDownLatch(1);

    public void open() {
        open.countDown();
    }

    public boolean isOpen() {
        return open.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the gate; true when it is open. */
    public boolean await(Duration timeout) {
        try {
            return open.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
