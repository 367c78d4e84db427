package io.gitops.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.events.Event;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.DriftHealed;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.sandbox.FailureMode;

/**
 * {@code ./gitops demo}: the platform's story in three acts against a running stack, told by the events it
 * publishes. 1. a good commit goes all the way to a healthy rollout; 2. a commit whose image crashes is halted,
 * rolled back, reverted in Git and quarantined; 3. a manual edit of the live Deployment is detected and healed.
 * Act 2 works with every failure mode of the sandbox ({@link #failingCommit}); the end-to-end tests play it in each.
 */
final class Demo {

    static final String APP = SeedRepos.SAMPLE_APP;
    static final String NAMESPACE = "sample-app-staging";
    static final String GREETER = "src/main/java/com/acme/greeter/Greeter.java";

    private final StackLayout layout;
    private final Ports ports;
    private final Map<String, String> env;
    private final PrintStream out;
    private final Duration timeout;
    private String goodSha;
    private String crashingSha;

    Demo(StackLayout layout, Ports ports, Map<String, String> env, PrintStream out, Duration timeout) {
        this.layout = layout;
        this.ports = ports;
        this.env = env;
        this.out = out;
        this.timeout = timeout;
    }

    void run() throws IOException {
        try (EventTail tail = new EventTail(LauncherKafkaSettings.fromStackEnv(env));
             SampleRepo sample = clone("GITOPS_SAMPLE_REPO_URL", "demo/sample-app");
             SampleRepo config = clone("GITOPS_CONFIG_REPO_URL", "demo/config-repo")) {
            tail.readExisting();
            goodCommit(tail, sample);
            out.println("\n== Act 2: a commit whose image crashes is halted, rolled back, reverted in Git and quarantined ==");
            crashingSha = failingCommit(tail, sample, config, FailureMode.CRASHLOOP);
            drift(tail);
            out.println("\nThe end. ./gitops events prints the whole history; the config repo's Git log is the deployment history.");
        }
    }

    /** A developer's clone of one of the stack's repositories ({@code urlKey} in stack.env) under the data dir. */
    SampleRepo clone(String urlKey, String dir) {
        return SampleRepo.cloneInto(env.get(urlKey), layout.data().resolve(dir), env.get("GITOPS_GIT_USERNAME"),
                env.get("GITOPS_GIT_PASSWORD"));
    }

    private void goodCommit(EventTail tail, SampleRepo sample) throws IOException {
        out.println("\n== Act 1: a good commit is built, tested, bumped, synced and verified healthy ==");
        String test = "src/test/java/com/acme/greeter/GreeterTest.java";
        java.nio.file.Files.writeString(sample.dir().resolve(test),
                sample.read(test).replace("Hello, stranger!", "Hello, friend!"));
        String sha = sample.commit(GREETER, sample.read(GREETER).replace("Hello, stranger!", "Hello, friend!"),
                "Greet strangers as friends");
        out.println("   pushed " + sha.substring(0, 12) + " to " + env.get("GITOPS_SAMPLE_REPO")
                + " (the Git server sends a signed push webhook)");
        sample.push();
        goodSha = sha;
        awaitHealthy(tail, sha);
    }

    /**
     * A good change (a line appended to the README) pushed and awaited until its rollout is healthy; returns its
     * commit. What a test plays first when it needs a healthy revision to go back to.
     */
    String healthyCommit(EventTail tail, SampleRepo sample, String note) throws IOException {
        String sha = sample.commit("README.md", sample.read("README.md") + "\n" + note + "\n", "Docs: " + note);
        out.println("   pushed " + sha.substring(0, 12) + " (a good change: " + note + ")");
        sample.push();
        awaitHealthy(tail, sha);
        goodSha = sha;
        return sha;
    }

    private void awaitHealthy(EventTail tail, String sha) {
        awaitAll(tail, Set.of("healthy"), e -> {
            if (!sha.equals(e.correlationId())) {
                return null;
            }
            if (e.data() instanceof PipelineFinished p && p.outcome() != PipelineOutcome.SUCCEEDED) {
                throw new StackException("the pipeline of " + sha.substring(0, 12) + " did not succeed: " + p.reason());
            }
            return e.data() instanceof RolloutHealthy ? "healthy" : null;
        });
    }

    /** The verdict reason the verifier gives for each failure mode of the sandbox. */
    static RolloutFailureReason reasonOf(FailureMode mode) {
        return switch (mode) {
            case CRASHLOOP -> RolloutFailureReason.CRASH_LOOP;
            case IMAGEPULL -> RolloutFailureReason.IMAGE_PULL;
            case UNREADY -> RolloutFailureReason.READINESS;
        };
    }

    /**
     * Act 2 in any failure mode: a commit whose image the sandbox makes fail that way is pushed; awaited until it is
     * halted and failed, rolled back, reverted in Git with its tag quarantined, and the revert commit synced. Returns
     * the failing commit (= its image tag).
     */
    String failingCommit(EventTail tail, SampleRepo sample, SampleRepo config, FailureMode mode) throws IOException {
        String sha = sample.commit(GREETER, sample.read(GREETER) + "\n// This build fails (" + mode.wireName()
                + ") once deployed (the sandbox is told so).\n", "Add a start-up failure (" + mode.wireName() + ")");
        out.println("   telling the sandbox that image tag " + sha.substring(0, 12) + " fails: " + mode.wireName());
        SandboxControl.failImage(layout, sha, mode.wireName(), false);
        out.println("   pushed " + sha.substring(0, 12));
        sample.push();
        String[] revert = new String[1];
        Set<String> synced = new HashSet<>();
        awaitAll(tail, Set.of("failed", "rolled-back", "reverted"), e -> {
            if (e.data() instanceof SyncSucceeded s && APP.equals(s.app())) {
                synced.add(s.revision());
            }
            if (e.data() instanceof RolloutFailed f && sha.equals(f.failedTag())) {
                return "failed";
            }
            if (e.data() instanceof RolledBack r && APP.equals(r.app())) {
                return "rolled-back";
            }
            if (e.data() instanceof ConfigChanged c && c.cause() == ChangeCause.REVERT && sha.equals(c.quarantinedTag())) {
                revert[0] = c.commit();
                return "reverted";
            }
            return null;
        });
        if (!synced.contains(revert[0])) {
            awaitAll(tail, Set.of("revert-synced"), e -> e.data() instanceof SyncSucceeded s && APP.equals(s.app())
                    && revert[0].equals(s.revision()) ? "revert-synced" : null);
        }
        out.println("\n   The config repository's history now reads:");
        config.recentSubjects(3).forEach(line -> out.println("     " + line));
        out.println("   and " + ConfigRepoLayout.QUARANTINE_FILE + " holds:");
        config.read(ConfigRepoLayout.QUARANTINE_FILE).lines().filter(l -> !l.startsWith("#"))
                .forEach(line -> out.println("     " + line));
        return sha;
    }

    private void drift(EventTail tail) {
        out.println("\n== Act 3: someone scales the live Deployment by hand; the drift is detected and healed ==");
        Config kube = Config.fromKubeconfig(null, readKubeconfig(), null);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build()) {
            client.apps().deployments().inNamespace(NAMESPACE).withName(APP)
                    .edit(d -> {
                        d.getSpec().setReplicas(5);
                        return d;
                    });
            out.println("   edited deployment/" + APP + " in " + NAMESPACE + ": replicas → 5");
        }
        awaitAll(tail, Set.of("detected", "healed"), e -> e.data() instanceof DriftDetected d && APP.equals(d.app()) ? "detected"
                : e.data() instanceof DriftHealed h && APP.equals(h.app()) ? "healed" : null);
    }

    /** The commit of act 1 (or of {@link #healthyCommit}), healthy, once pushed. */
    String goodSha() {
        return goodSha;
    }

    /** The commit of act 2 (crash-looping, reverted and quarantined), once played. */
    String crashingSha() {
        return crashingSha;
    }

    private String readKubeconfig() {
        try {
            return java.nio.file.Files.readString(Path.of(env.get("GITOPS_KUBECONFIG")));
        } catch (IOException e) {
            throw new StackException("cannot read the sandbox kubeconfig: " + e.getMessage(), e);
        }
    }

    /** Prints the app's events as they come until every milestone was seen. */
    private void awaitAll(EventTail tail, Set<String> milestones, java.util.function.Function<Event<?>, String> milestoneOf) {
        Set<String> seen = new HashSet<>();
        Predicate<Event<?>> done = e -> {
            String milestone = milestoneOf.apply(e);
            if (milestone != null) {
                seen.add(milestone);
            }
            return seen.containsAll(milestones);
        };
        tail.await(done, e -> {
            if (relevant(e)) {
                out.println("   " + EventLine.format(e));
            }
        }, timeout);
    }

    private static boolean relevant(Event<?> event) {
        String subject = event.subject() == null ? "" : event.subject();
        return subject.startsWith(APP) || subject.equals(StackSettings.SAMPLE_REPO)
                || subject.equals(StackSettings.CONFIG_REPO) || event.data() instanceof SyncSucceeded s && APP.equals(s.app());
    }
}
