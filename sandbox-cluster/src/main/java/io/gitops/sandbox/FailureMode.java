package io.gitops.sandbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the simulated kubelet makes containers of a given image fail. */
public enum FailureMode {
  /** The container starts, exits with code 1 and is restarted on every tick: waiting reason CrashLoopBackOff. */
  CRASHLOOP,
  /** The image cannot be pulled: waiting reason ErrImagePull, then ImagePullBackOff. */
  IMAGEPULL,
  /** The container runs but never passes its readiness probe: ready=false, pod condition Ready=False. */
  UNREADY;

  /** The name used by the HTTP control API ({@code crashloop}, {@code imagepull}, {@code unready}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FailureMode> fromWireName(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName().equalsIgnoreCase(name == null ? "" : name.trim()))
        .findFirst();
  }
}
