package io.gitops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gitops}: run the platform on one machine, and look at it. */
@Command(name = "gitops", mixinStandardHelpOptions = true,
        description = "Runs the GitOps delivery platform on one machine (embedded defaults) and shows what it does.",
        subcommands = {GitopsCli.Up.class, GitopsCli.Down.class, GitopsCli.Status.class, GitopsCli.Events.class,
            GitopsCli.Dlq.class, GitopsCli.Sandbox.class, GitopsCli.DemoCommand.class})
public final class GitopsCli {

    static StackLayout layout() {
        String root = System.getenv("GITOPS_HOME");
        return root != null ? StackLayout.at(Path.of(root)) : StackLayout.discover(Path.of("."));
    }

    static Ports ports() {
        return Ports.fromEnvironment(System.getenv());
    }

    /** Held so the configured levels stay (JUL keeps loggers weakly). */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.stream.Stream.of(
            "org.apache.kafka", "io.fabric8", "org.eclipse.jgit")
            .map(java.util.logging.Logger::getLogger).toList();

    public static void main(String[] args) {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        CommandLine cli = new CommandLine(new GitopsCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("gitops: " + e.getMessage());
            return e instanceof StackException ? 1 : 2;
        });
        System.exit(cli.execute(args));
    }

    @Command(name = "up", description = "Start Kafka, the Git server, the sandbox cluster, a registry and the five services.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--detach", description = "Return once everything is ready and leave it running.")
        boolean detach;

        @Option(names = "--timeout", defaultValue = "120", description = "Seconds each part may take to become ready.")
        int timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            PrintStream out = System.out;
            StackLayout layout = layout();
            Stack stack = new Stack(layout, ports(), out, Duration.ofSeconds(timeoutSeconds));
            out.println("Starting the GitOps platform from " + layout.repoRoot());
            StackInfo info = stack.up();
            out.print(info.summary());
            if (detach) {
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                out.println("\nStopping the platform…");
                stack.down();
                out.println("Stopped.");
                stopped.countDown();
            }, "gitops-down"));
            out.println("Running. Ctrl-C stops everything.");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "down", description = "Stop every part of the stack.")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() {
            Ports ports = ports();
            List<String> stopped = new Stack(layout(), ports, System.out, Duration.ofSeconds(30)).down();
            System.out.println(stopped.isEmpty() ? "Nothing was running." : "Stopped: " + String.join(", ", stopped));
            List<String> busy = ports.busy();
            if (!busy.isEmpty()) {
                System.out.println("Still in use (not by this stack?): " + String.join(", ", busy));
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Show each part's state and health.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            var status = new Stack(layout(), ports(), System.out, Duration.ofSeconds(5)).status();
            status.forEach((part, state) -> System.out.printf("  %-20s %s%n", part, state));
            return status.values().stream().allMatch(s -> s.startsWith("running") && !s.contains("NOT")
                    || s.startsWith("no process: images go to an OCI image layout")) ? 0 : 3;
        }
    }

    @Command(name = "events", description = "Print every event of every topic as one readable line.")
    static final class Events implements Callable<Integer> {
        @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted.")
        boolean follow;

        @Override
        public Integer call() {
            try (EventTail tail = new EventTail(LauncherKafkaSettings.of(ports(), layout()))) {
                tail.readExisting().forEach(e -> System.out.println(EventLine.format(e)));
                while (follow) {
                    tail.poll(e -> System.out.println(EventLine.format(e)));
                }
            }
            return 0;
        }
    }

    @Command(name = "dlq", description = "See and replay dead letters (docs/runbook.md#dead-letters).",
            subcommands = {Dlq.ListLetters.class, Dlq.Replay.class})
    static final class Dlq {
        @Command(name = "list", description = "Print every dead letter: time, ce_id, original topic-partition@offset, "
                + "consumer, reason.")
        static final class ListLetters implements Callable<Integer> {
            @Parameters(arity = "0..1", paramLabel = "TOPIC", description = "A topic or its .dlq (default: every DLQ).")
            String topic;

            @Override
            public Integer call() {
                new DeadLetterQueues(LauncherKafkaSettings.of(ports(), layout())).list(Optional.ofNullable(topic))
                        .forEach(d -> System.out.println(DeadLetterQueues.line(d)));
                return 0;
            }
        }

        @Command(name = "replay", description = "Publish dead letters again to their original topic (original key "
                + "and headers minus the dead-letter ones); consumers skip an event id they handled.")
        static final class Replay implements Callable<Integer> {
            @Parameters(paramLabel = "TOPIC", description = "A topic or its .dlq.")
            String topic;

            @CommandLine.ArgGroup(multiplicity = "1")
            Which which;

            static final class Which {
                @Option(names = "--id", paramLabel = "CE_ID", description = "Only the dead letter with this ce_id.")
                String id;

                @Option(names = "--all", description = "Every dead letter of the topic.")
                boolean all;
            }

            @Override
            public Integer call() {
                int replayed = new DeadLetterQueues(LauncherKafkaSettings.of(ports(), layout())).replay(topic,
                        Optional.ofNullable(which.id), LauncherKafkaSettings.replayOf(ports(), layout()));
                System.out.printf("replayed %d dead letter(s) of %s%n", replayed,
                        DeadLetterQueues.deadLetterTopic(topic));
                return 0;
            }
        }
    }

    @Command(name = "sandbox", description = "Talk to the sandbox cluster.", subcommands = Sandbox.FailImage.class)
    static final class Sandbox {
        @Command(name = "fail-image", description = "Make every container of an image tag fail in the sandbox.")
        static final class FailImage implements Callable<Integer> {
            @Parameters(index = "0", description = "Image tag (e.g. a commit SHA), or a full image reference.")
            String image;

            @Option(names = "--mode", required = true, description = "crashloop, imagepull or unready")
            String mode;

            @Option(names = "--clear", description = "Remove the failure rule instead.")
            boolean clear;

            @Override
            public Integer call() {
                var response = SandboxControl.failImage(layout(), image, mode, clear);
                System.out.println(response);
                return 0;
            }
        }
    }

    @Command(name = "demo", description = "Play the story against a running stack: good push, bad push, drift.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--timeout", defaultValue = "300", description = "Seconds each act may take.")
        int timeoutSeconds;

        @Override
        public Integer call() throws IOException {
            StackLayout layout = layout();
            if (!Files.exists(layout.stackEnv())) {
                throw new StackException("no running stack: start one with ./gitops up --detach");
            }
            new Demo(layout, ports(), StackEnvFile.read(layout.stackEnv()), System.out,
                    Duration.ofSeconds(timeoutSeconds)).run();
            return 0;
        }
    }
}
