package io.gitops.sandbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox as its own process. Prints {@code SANDBOX READY url=<url> kubeconfig=<path>} once the API server
 * serves and the rollout simulator watches it; stops cleanly on SIGTERM/SIGINT (prints {@code SANDBOX STOPPED}).
 * Exits with 2 on bad arguments. See {@link SandboxMainConfig} for the flags.
 */
public final class SandboxMain {

  private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(120);

  private SandboxMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    SandboxMainConfig config;
    try {
      config = SandboxMainConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(SandboxMainConfig.USAGE);
      System.exit(2);
      return;
    }
    SandboxCluster sandbox = start(config, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        sandbox.close();
      } catch (RuntimeException e) {
        System.err.println("sandbox did not close cleanly: " + e);
      } finally {
        System.out.println("SANDBOX STOPPED");
        System.out.flush();
        stopped.countDown();
      }
    }, "sandbox-shutdown"));
    stopped.await();
  }

  /** Starts the sandbox, writes the kubeconfig, waits for the simulator, and prints the ready line. */
  static SandboxCluster start(SandboxMainConfig config, PrintStream out) {
    SandboxCluster sandbox = SandboxCluster.start(config.options());
    try {
      Path kubeconfig = sandbox.writeKubeconfig(config.kubeconfig()).toAbsolutePath();
      sandbox.simulator().awaitAttached(ATTACH_TIMEOUT);
      out.println("SANDBOX READY url=" + sandbox.url() + " kubeconfig=" + kubeconfig);
      out.flush();
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }
}
