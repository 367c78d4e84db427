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
 * @param clock the clock for timestamps and deadlines
 */
public record SandboxOptions(int port, Duration tick, double timeScale, boolean simulate, Clock clock) {

  public static final Duration DEFAULT_TICK = Duration.ofMillis(200);

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
  }

  /** Random port, 200 ms tick, real time, simulator on, system clock. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(0, DEFAULT_TICK, 1.0, true, Clock.systemUTC());
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(newPort, tick, timeScale, simulate, clock);
  }

  public SandboxOptions withTick(Duration newTick) {
    return new SandboxOptions(port, newTick, timeScale, simulate, clock);
  }

  public SandboxOptions withTimeScale(double newTimeScale) {
    return new SandboxOptions(port, tick, newTimeScale, simulate, clock);
  }

  public SandboxOptions withSimulator(boolean enabled) {
    return new SandboxOptions(port, tick, timeScale, enabled, clock);
  }

  public SandboxOptions withClock(Clock newClock) {
    return new SandboxOptions(port, tick, timeScale, simulate, newClock);
  }
}
