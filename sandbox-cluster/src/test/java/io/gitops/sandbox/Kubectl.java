package io.gitops.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the machine's {@code kubectl} against the sandbox, for the ITs that check what real clients see. */
final class Kubectl {

  /** Exit code (-1 when it could not run or timed out) and combined output. */
  record Run(int exitCode, String output) {
  }

  private Kubectl() {
  }

  /** {@code kubectl [--kubeconfig kubeconfig] args...}, bounded to 60 s. */
  static Run run(Path kubeconfig, String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    if (kubeconfig != null) {
      command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    }
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Run(-1, output);
      }
      return new Run(process.exitValue(), output);
    } catch (IOException e) {
      return new Run(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(-1, e.getMessage());
    }
  }
}
