package io.gitops.sync.cluster;

/**
 * A token bucket bounding the request rate to the API server, like client-go's QPS and burst (fabric8 has none):
 * up to {@code burst} requests at once, refilled at {@code qps} per second. A {@code qps} of 0 or less means no
 * limit.
 */
public final class RateLimiter {

    private final double qps;
    private final double burst;
    private double tokens;
    private long refilledAt;

    public RateLimiter(double qps, int burst) {
        this.qps = qps;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.refilledAt = System.nanoTime();
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0, 1);
    }

    /** Takes one token, waiting for it when the bucket is empty. */
    public void acquire() {
        if (qps <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            refill();
            tokens -= 1;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / qps * 1_000_000_000L);
        }
        if (waitNanos > 0) {
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the API rate limit", e);
            }
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1_000_000_000.0 * qps);
        refilledAt = now;
    }
}
