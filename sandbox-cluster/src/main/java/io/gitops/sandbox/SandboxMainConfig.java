package io.gitops.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@link SandboxMain}'s settings: command-line flags win over environment variables, which win over defaults.
 *
 * <pre>
 *   --port N         SANDBOX_PORT         API server port on 127.0.0.1 (0 = random; default 0)
 *   --kubeconfig P   SANDBOX_KUBECONFIG   where to write the kubeconfig (default ./sandbox.kubeconfig)
 *   --tick-ms N      SANDBOX_TICK_MS      simulated kubelet step (default 200)
 *   --time-scale X   SANDBOX_TIME_SCALE   simulated seconds per real second for deadlines (default 1)
 *   --authorization B  SANDBOX_AUTHORIZATION  true: bearer tokens and RBAC, the kubeconfig holds the admin token
 *                                             (default false)
 * </pre>
 */
public record SandboxMainConfig(int port, Path kubeconfig, Duration tick, double timeScale, boolean authorization) {

  public static final String USAGE = "usage: SandboxMain [--port N] [--kubeconfig PATH] [--tick-ms N] "
      + "[--time-scale X] [--authorization true|false]  (env: SANDBOX_PORT, SANDBOX_KUBECONFIG, SANDBOX_TICK_MS, "
      + "SANDBOX_TIME_SCALE, SANDBOX_AUTHORIZATION)";

  /** @throws IllegalArgumentException with a message naming the bad flag or value */
  public static SandboxMainConfig parse(String[] args, Map<String, String> env) {
    String port = env.getOrDefault("SANDBOX_PORT", "0");
    String kubeconfig = env.getOrDefault("SANDBOX_KUBECONFIG", "sandbox.kubeconfig");
    String tick = env.getOrDefault("SANDBOX_TICK_MS", "200");
    String timeScale = env.getOrDefault("SANDBOX_TIME_SCALE", "1");
    String authorization = env.getOrDefault("SANDBOX_AUTHORIZATION", "false");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> port = value;
        case "--kubeconfig" -> kubeconfig = value;
        case "--tick-ms" -> tick = value;
        case "--time-scale" -> timeScale = value;
        case "--authorization" -> authorization = value;
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    String auth = authorization.trim().toLowerCase(java.util.Locale.ROOT);
    if (!"true".equals(auth) && !"false".equals(auth)) {
      throw new IllegalArgumentException("--authorization must be true or false, was " + authorization);
    }
    try {
      return new SandboxMainConfig(Integer.parseInt(port.trim()), Path.of(kubeconfig),
          Duration.ofMillis(Long.parseLong(tick.trim())), Double.parseDouble(timeScale.trim()), "true".equals(auth));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + e.getMessage(), e);
    }
  }

  public SandboxOptions options() {
    return SandboxOptions.defaults().withPort(port).withTick(tick).withTimeScale(timeScale)
        .withAuthorization(authorization);
  }
}
