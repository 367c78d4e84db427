package io.gitops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.gitops.kit.kafka.KafkaClientSettings;

/**
 * Starts, inspects and stops the embedded stack: Kafka, the Git server, the sandbox cluster and the registry together,
 * then the five services together; each its own process, each checked for readiness.
 */
public final class Stack {

    static final List<String> PARTS = List.of("kafka", "git", "sandbox", "registry", "ingest", "build-orchestrator",
            "config-bumper", "sync-engine", "health-verifier");
    private static final Pattern GIT_READY = Pattern.compile("GITSERVER READY url=(\\S+)");
    private static final Pattern SANDBOX_READY = Pattern.compile("SANDBOX READY url=(\\S+)");

    private final StackLayout layout;
    private final Ports ports;
    private final PrintStream out;
    private final Duration timeout;
    private final String registrySetting;
    private final String kafkaSecuritySetting;
    private final SandboxAuthorization authorization;
    /** Each service's own kubeconfig, once the sandbox is up (empty with authorization off). */
    private final Map<String, Path> kubeconfigs = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ManagedProcess> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Stack(StackLayout layout, Ports ports, PrintStream out, Duration timeout) {
        this(layout, ports, out, timeout, System.getenv(LocalRegistry.SETTING));
    }

    /** {@code registrySetting} as below; the broker secured as {@value KafkaSecurity#SETTING} says. */
    public Stack(StackLayout layout, Ports ports, PrintStream out, Duration timeout, String registrySetting) {
        this(layout, ports, out, timeout, registrySetting, System.getenv(KafkaSecurity.SETTING));
    }

    /**
     * {@code registrySetting}: {@code GITOPS_REGISTRY} (auto, docker-registry or oci-layout; null is auto);
     * {@code kafkaSecuritySetting}: {@value KafkaSecurity#SETTING} (scram, the default, or plaintext).
     */
    public Stack(StackLayout layout, Ports ports, PrintStream out, Duration timeout, String registrySetting,
                 String kafkaSecuritySetting) {
        this(layout, ports, out, timeout, registrySetting, kafkaSecuritySetting,
                SandboxAuthorization.fromSetting(System.getenv(SandboxAuthorization.SETTING)));
    }

    /** As above, with the sandbox's authorization on or off ({@value SandboxAuthorization#SETTING}). */
    public Stack(StackLayout layout, Ports ports, PrintStream out, Duration timeout, String registrySetting,
                 String kafkaSecuritySetting, SandboxAuthorization authorization) {
        this.authorization = authorization;
        this.layout = layout;
        this.ports = ports;
        this.out = out;
        this.timeout = timeout;
        this.registrySetting = registrySetting;
        this.kafkaSecuritySetting = kafkaSecuritySetting;
    }

    /** Starts everything; on any failure stops what was started and rethrows with the reason. */
    public StackInfo up() {
        long begin = System.nanoTime();
        checkNothingRunning();
        List<String> busy = ports.busy();
        if (!busy.isEmpty()) {
            throw new StackException("ports already in use: " + String.join(", ", busy)
                    + ". Stop what uses them (or another stack: ./gitops down), or move a port with GITOPS_PORT_<PART>.");
        }
        checkBuilt();
        LocalRegistry registry = LocalRegistry.choose(registrySetting,
                Files.isExecutable(LocalRegistry.DOCKER_REGISTRY), ports, layout);
        try {
            resetState();
            StackSettings settings = new StackSettings(Secrets.random(), "gitops", Secrets.random(), registry);
            KafkaClientSettings plain = LauncherKafkaSettings.of(ports);
            KafkaSecurity security = KafkaSecurity.fromSetting(kafkaSecuritySetting);
            KafkaClientSettings admin = security.settings(KafkaAcls.ADMIN, plain);
            // Infrastructure first, all at once (none needs another); then the five services, all at once.
            together(List.of(
                    new Step("kafka", () -> started.add(KafkaBroker.start(layout, ports, security, admin, timeout))),
                    new Step("git", () -> SeedRepos.pinSampleHead(ports, settings, startGitServer(settings), layout)),
                    new Step("sandbox", this::startSandbox),
                    new Step("registry", () -> startRegistry(registry))));
            List<Step> services = new ArrayList<>();
            for (String service : StackSettings.SERVICES) {
                services.add(new Step(service, () -> startService(service, settings, security.settings(service, plain),
                        kubeconfigs.get(service))));
            }
            together(services);
            StackInfo info = StackInfo.of(layout, ports, settings, security, authorization,
                    Duration.ofNanos(System.nanoTime() - begin));
            Files.writeString(layout.stackEnv(), info.toEnvFile(), StandardCharsets.UTF_8);
            return info;
        } catch (RuntimeException | IOException e) {
            out.println("!! " + e.getMessage());
            out.println("   stopping what was started…");
            stopStarted();
            throw e instanceof StackException se ? se : new StackException(e.getMessage(), e);
        }
    }

    private void checkNothingRunning() {
        List<String> running = PARTS.stream().filter(p -> ManagedProcess.find(p, layout).isPresent()).toList();
        if (!running.isEmpty()) {
            throw new StackException("a stack is already running (" + String.join(", ", running)
                    + "): ./gitops status shows it, ./gitops down stops it");
        }
    }

    private void checkBuilt() {
        List<Path> required = new ArrayList<>(List.of(layout.gitServerJar(), layout.sandboxJar(), layout.launcherLib()));
        for (String service : StackSettings.SERVICES) {
            required.add(layout.serviceJar(service));
        }
        List<String> missing = required.stream().filter(p -> !Files.exists(p)).map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new StackException("not built: " + String.join(", ", missing) + ". Run ./gitops (it builds what is "
                    + "missing) or ./mvnw -B install -DskipTests");
        }
    }

    private void resetState() throws IOException {
        // The data, and the previous stack's kubeconfigs (their tokens died with its sandbox).
        for (Path dir : List.of(layout.data(), layout.kubeconfigs())) {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
        // Tokens: readable by this user only.
        Files.createDirectories(layout.kubeconfigs(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(layout.data());
        Files.createDirectories(layout.logs());
    }

    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    /** One part to start: its name (in progress output and errors) and how. */
    record Step(String name, Action action) {
    }

    /**
     * Runs the steps in parallel, printing each one's readiness as it comes; when all are done, throws the first
     * failure (named by its part) if any failed.
     */
    private void together(List<Step> steps) {
        out.println("   starting " + String.join(", ", steps.stream().map(Step::name).toList()));
        List<Thread> threads = new ArrayList<>();
        List<StackException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Step step : steps) {
            Thread thread = new Thread(() -> {
                long begin = System.nanoTime();
                try {
                    step.action().run();
                    synchronized (out) {
                        out.printf("   %-20s ready in %5.1f s%n", step.name(), (System.nanoTime() - begin) / 1e9);
                    }
                } catch (IOException | RuntimeException e) {
                    synchronized (out) {
                        out.printf("   %-20s failed after %.1f s%n", step.name(), (System.nanoTime() - begin) / 1e9);
                    }
                    failures.add(e instanceof StackException se && se.getMessage().startsWith(step.name()) ? se
                            : new StackException(step.name() + ": " + e.getMessage(), e));
                }
            }, "start-" + step.name());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while starting " + steps.stream().map(Step::name).toList());
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private String startGitServer(StackSettings settings) throws IOException {
        Path examples = layout.repoRoot().resolve("examples");
        List<String> command = List.of(Java.executable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-jar", layout.gitServerJar().toString(),
                "--port", String.valueOf(ports.of("git")),
                "--base-dir", layout.data().resolve("git").toString(),
                "--seed", StackSettings.SAMPLE_REPO + "=" + examples.resolve("sample-app"),
                "--seed", StackSettings.CONFIG_REPO + "=" + examples.resolve("config-repo"),
                "--webhook-url", "http://127.0.0.1:" + ports.of("ingest") + "/webhooks/github",
                // One attempt per push, as GitHub makes: a delivery ingest misses is recovered by the orchestrator's
                // reconciler (GITOPS_BUILD_RECONCILE_INTERVAL), never by the Git server.
                "--webhook-retries", "0");
        ManagedProcess git = ManagedProcess.start("git", layout, command, Map.of(
                "GITOPS_GIT_USERNAME", settings.gitUsername(),
                "GITOPS_GIT_PASSWORD", settings.gitPassword(),
                "GITOPS_WEBHOOK_SECRET", settings.webhookSecret()), layout.repoRoot());
        started.add(git);
        git.awaitLogLine(GIT_READY, timeout);
        return git.awaitLogLine(Pattern.compile("GITSERVER REPO repo=" + Pattern.quote(StackSettings.SAMPLE_REPO)
                + " \\S+ head=([0-9a-f]{40})"), timeout);
    }

    private void startSandbox() throws IOException {
        List<String> command = List.of(Java.executable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m",
                "-jar", layout.sandboxJar().toString(),
                "--port", String.valueOf(ports.of("sandbox")),
                "--kubeconfig", layout.kubeconfig().toString(),
                "--authorization", String.valueOf(authorization.enabled()));
        ManagedProcess sandbox = ManagedProcess.start("sandbox", layout, command, Map.of(), layout.repoRoot());
        started.add(sandbox);
        var rbac = PlatformRbac.render(layout.repoRoot());
        sandbox.awaitLogLine(SANDBOX_READY, timeout);
        // The platform's namespaces and RBAC, then (authorization on) one kubeconfig per service with its own token.
        kubeconfigs.putAll(ClusterIdentities.provision(layout, rbac, authorization.enabled()));
    }

    private void startRegistry(LocalRegistry registry) throws IOException {
        if (registry instanceof LocalRegistry.Layout on) {
            Files.createDirectories(on.directory());
            out.println("   registry: images go to an OCI image layout at " + on.directory() + " (" + on.why() + ")");
            return;
        }
        Path config = layout.stateDir().resolve("registry.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + layout.data().resolve("registry"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + ports.of("registry"),
                ""), StandardCharsets.UTF_8);
        ManagedProcess server = ManagedProcess.start("registry", layout, List.of(LocalRegistry.DOCKER_REGISTRY.toString(),
                "serve", config.toString()), Map.of(), layout.repoRoot());
        started.add(server);
        server.await(() -> Http.status("http://127.0.0.1:" + ports.of("registry") + "/v2/") == 200, timeout,
                "the registry answering /v2/");
    }

    private void startService(String service, StackSettings settings, KafkaClientSettings kafka, Path kubeconfig)
            throws IOException {
        List<String> command = List.of(Java.executable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xms32m", "-Xmx192m", "-XX:MaxMetaspaceSize=160m", "-Xss512k",
                "-jar", layout.serviceJar(service).toString());
        ManagedProcess process = ManagedProcess.start(service, layout, command,
                settings.serviceEnv(service, layout, ports, kafka, kubeconfig), layout.repoRoot());
        started.add(process);
        String ready = "http://127.0.0.1:" + ports.of(service) + "/q/health/ready";
        process.await(() -> Http.ok(ready), timeout, "/q/health/ready answering 200");
    }

    private void stopStarted() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop(Duration.ofSeconds(10));
        }
        started.clear();
    }

    /** Stops every part recorded in {@code .gitops/pids}, services first; returns what was stopped. */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        List<String> order = new ArrayList<>(PARTS);
        java.util.Collections.reverse(order);
        for (String part : order) {
            ManagedProcess.find(part, layout).ifPresent(process -> {
                process.stop(Duration.ofSeconds(15));
                stopped.add(part);
            });
        }
        return stopped;
    }

    /** Each part's state: running and healthy, running, or stopped. */
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        for (String part : PARTS) {
            var process = ManagedProcess.find(part, layout);
            if (process.isEmpty()) {
                status.put(part, part.equals("registry") ? registryStatus() : "stopped");
                continue;
            }
            String health = health(part);
            status.put(part, "running (pid " + process.get().pid() + ")" + (health == null ? "" : ", " + health));
        }
        return status;
    }

    private String registryStatus() {
        try {
            String directory = Files.exists(layout.stackEnv())
                    ? StackEnvFile.read(layout.stackEnv()).get("GITOPS_REGISTRY_LAYOUT") : null;
            return directory != null ? "no process: images go to an OCI image layout at " + directory : "not running";
        } catch (IOException e) {
            return "not running";
        }
    }

    private String health(String part) {
        return switch (part) {
            case "kafka", "git", "sandbox" -> Ports.free(ports.of(part)) ? "not listening" : "listening on " + ports.of(part);
            case "registry" -> Http.status("http://127.0.0.1:" + ports.of(part) + "/v2/") == 200 ? "ready" : "not answering";
            default -> Http.ok("http://127.0.0.1:" + ports.of(part) + "/q/health/ready") ? "ready" : "NOT READY";
        };
    }
}
