package io.gitops.sandbox;

import java.util.concurrent.Executor;

/** An executor that runs each task on a new daemon thread (start-up work must not wait on the common pool). */
final class DaemonThread {

  private DaemonThread() {
  }

  static Executor named(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
    };
  }
}
