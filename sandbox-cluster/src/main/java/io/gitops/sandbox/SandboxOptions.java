package io.gitops.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a sandbox.
 *
 * @param port the API server's port on 127.0.0.1 (0 = a free port)
 * @param tick how long the simulated kubelet takes per pod step (Pending → ContainerCreating → Running)
 * @param timeScale simulated seconds per real second for {@code progressDeadlineSeconds} and
 *     {@code minReadySeconds} (600 turns the default 600 s deadline into 1 s)
 * @param simulate whether to run the rollout simulator (false: API server only)
 * @param clock the clock for timestamps, deadlines and token expiry
 * @param authorization whether requests must carry a bearer token and pass RBAC, as on kube-apiserver (off by
 *     default; {@code -Dsandbox.authorization=true} turns the default on, to run a suite under it)
 * @param watchHistory how many watch events the sandbox keeps per resource type; a watch from an older
 *     resourceVersion gets {@code 410 Expired}
 * @param tls whether to serve HTTPS (a self-signed certificate; kubeconfigs skip its verification). kubectl sends
 *     no credentials over plain http, so {@link #withAuthorization(boolean) withAuthorization(true)} turns it on
 */
public record SandboxOptions(int port, Duration tick, double timeScale, boolean simulate, Clock clock,
    boolean authorization, int watchHistory, boolean tls) {

  public static final Duration DEFAULT_TICK = Duration.ofMillis(200);
  public static final int DEFAULT_WATCH_HISTORY = 1000;
  /** The system property that turns authorization on in {@link #defaults()}. */
  public static final String AUTHORIZATION_PROPERTY = "sandbox.authorization";

  public SandboxOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    Objects.requireNonNull(tick, "tick");
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive, was " + tick);
    }
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("timeScale must be positive, was " + timeScale);
    }
    Objects.requireNonNull(clock, "clock");
    if (watchHistory < 1) {
      throw new IllegalArgumentException("watchHistory must be at least 1, was " + watchHistory);
    }
  }

  /**
   * Random port, 200 ms tick, real time, simulator on, system clock, 1000 watch events per resource, and
   * authorization off unless the system property {@value #AUTHORIZATION_PROPERTY} is {@code true}.
   */
  public static SandboxOptions defaults() {
    boolean authorization = Boolean.getBoolean(AUTHORIZATION_PROPERTY);
    return new SandboxOptions(0, DEFAULT_TICK, 1.0, true, Clock.systemUTC(), authorization, DEFAULT_WATCH_HISTORY,
        authorization);
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(newPort, tick, timeScale, simulate, clock, authorization, watchHistory, tls);
  }

  public SandboxOptions withTick(Duration newTick) {
    return new SandboxOptions(port, newTick, timeScale, simulate, clock, authorization, watchHistory, tls);
  }

  public SandboxOptions withTimeScale(double newTimeScale) {
    return new SandboxOptions(port, tick, newTimeScale, simulate, clock, authorization, watchHistory, tls);
  }

  public SandboxOptions withSimulator(boolean enabled) {
    return new SandboxOptions(port, tick, timeScale, enabled, clock, authorization, watchHistory, tls);
  }

  public SandboxOptions withClock(Clock newClock) {
    return new SandboxOptions(port, tick, timeScale, simulate, newClock, authorization, watchHistory, tls);
  }

  /**
   * Bearer-token authentication and RBAC authorization on every request (see the README); also sets {@link #tls}
   * to the same value, since kubectl sends tokens over HTTPS only.
   */
  public SandboxOptions withAuthorization(boolean enabled) {
    return new SandboxOptions(port, tick, timeScale, simulate, clock, enabled, watchHistory, enabled);
  }

  /** HTTPS with a self-signed certificate (true) or plain http (false). */
  public SandboxOptions withTls(boolean enabled) {
    return new SandboxOptions(port, tick, timeScale, simulate, clock, authorization, watchHistory, enabled);
  }

  public SandboxOptions withWatchHistory(int eventsPerResource) {
    return new SandboxOptions(port, tick, timeScale, simulate, clock, authorization, eventsPerResource, tls);
  }
}
