package io.gitops.gitserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local Git server as its own process: {@code java -jar local-git-server.jar --help}. See
 * {@link MainOptions#USAGE}. Exit codes: 0 after SIGTERM or {@code --help}, 1 when the server cannot start, 2 for bad
 * options.
 */
public final class GitServerMain {

    private GitServerMain() {
    }

    public static void main(String[] args) {
        configureLogging();
        MainOptions options;
        try {
            options = MainOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("local-git-server: " + e.getMessage());
            System.err.println(MainOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(MainOptions.USAGE);
            return;
        }
        StandaloneGitServer running;
        try {
            running = StandaloneGitServer.start(options, System.out);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("local-git-server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "local-git-server-shutdown"));
        awaitStop(stopped);
    }

    private static void awaitStop(CountDownLatch stopped) {
        while (stopped.getCount() > 0) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One-line, timestamped logs on stderr; Jetty only when it warns. Explicit -D settings win. */
    private static void configureLogging() {
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
