package io.gitops.build;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.build.exec.SecretMask;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.actions.ActionsReports;
import io.gitops.build.exec.actions.GitHubActionsExecutor;
import io.gitops.build.exec.kubernetes.KubernetesExecutor;
import io.gitops.build.exec.local.CloneUrlPolicy;
import io.gitops.build.exec.local.GitCheckout;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.exec.local.ProcessEnvironment;
import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.image.ImageBuilders;
import io.gitops.build.registry.EcrRegistry;
import io.gitops.build.registry.OciLayoutRegistry;
import io.gitops.build.registry.OciRegistry;
import io.gitops.build.registry.Registries;
import io.gitops.build.registry.Registry;
import io.gitops.build.settings.BuildSettings;
import io.gitops.build.settings.RegistrySettings;
import io.gitops.build.settings.RepositorySettings;
import io.gitops.build.settings.SecretValues;
import io.gitops.build.settings.SonarSettings;
import io.gitops.build.sonar.SonarQubeClient;
import io.gitops.build.sonar.SonarQubeGate;
import io.gitops.build.trigger.ConfigRepoMirror;
import io.gitops.kit.Retry;
import org.jboss.logging.Logger;

/**
 * The clients and executors an orchestrator is made of, built from its {@link BuildSettings} in production
 * ({@link #assemble}); integration tests put together their own (a jib builder, a test registry, chosen executors).
 *
 * @param closeables parts to close on stop besides the executors and the config repository clone (the ECR clients)
 * @param mask       hides every configured secret in what leaves the process (output tails, event reasons, logs)
 */
public record BuildParts(ConfigRepoMirror configRepo, GitCheckout checkout, List<StageExecutor> executors,
                         ImageBuilder imageBuilder, Registries registries, SonarQubeGate sonar,
                         ActionsReports actionsReports, Clock clock, Retry.Sleeper sleeper,
                         List<AutoCloseable> closeables, SecretMask mask) {

    private static final Logger LOG = Logger.getLogger(BuildParts.class);

    public BuildParts {
        executors = List.copyOf(executors);
        closeables = List.copyOf(closeables);
    }

    /** Parts without secrets to mask (tests). */
    public BuildParts(ConfigRepoMirror configRepo, GitCheckout checkout, List<StageExecutor> executors,
                      ImageBuilder imageBuilder, Registries registries, SonarQubeGate sonar,
                      ActionsReports actionsReports, Clock clock, Retry.Sleeper sleeper,
                      List<AutoCloseable> closeables) {
        this(configRepo, checkout, executors, imageBuilder, registries, sonar, actionsReports, clock, sleeper,
                closeables, SecretMask.none());
    }

    /** The production parts: every executor, the configured image builder, registries and SonarQube. */
    public static BuildParts assemble(BuildSettings settings, Supplier<KubernetesClient> kubernetes) {
        int tail = settings.limits().outputTailBytes();
        SecretMask mask = SecretValues.mask(settings, System.getenv());
        ImageBuilder builder = ImageBuilders.select(settings.image().builder(), settings.image().buildahPath(),
                settings.image().dockerPath(), settings.workDir(),
                new ProcessRunner(tail, mask, ProcessEnvironment.tools(System.getenv())));
        RegistrySettings registry = settings.registry();
        OciRegistry oci = new OciRegistry(registry.credentials(), registry.insecureHosts(), registry.timeout());
        EcrRegistry ecr = new EcrRegistry(registry.ecr().region(), registry.ecr().endpointOverride(),
                registry.ecr().failOnSeverities(), registry.ecr().scanTimeout(), registry.ecr().scanPollInterval(),
                Retry.Sleeper.REAL::sleep, oci);
        Clock clock = Clock.systemUTC();
        ActionsReports reports = new ActionsReports(settings.executors().actionsReportWindow(), clock);
        List<StageExecutor> executors = List.of(
                new LocalExecutor(tail, mask, ProcessEnvironment.stage(System.getenv(),
                        settings.executors().localPassEnv()), settings.workDir().resolve("scratch")),
                new GitHubActionsExecutor(reports, tail, mask),
                new KubernetesExecutor(kubernetes, settings.executors().jobs(),
                        settings.executors().jobPollInterval(), tail, Retry.Sleeper.REAL::sleep, mask));
        return new BuildParts(configRepo(settings), checkout(settings.repositories()), executors, builder,
                registries(ecr, oci, registry.layout()), sonar(settings.sonar(), registry.timeout()), reports, clock,
                Retry.Sleeper.REAL, List.<AutoCloseable>of(ecr::close), mask);
    }

    /** The configuration repository's clone under {@code <work-dir>/config-repo}. */
    public static ConfigRepoMirror configRepo(BuildSettings settings) {
        return new ConfigRepoMirror(settings.repositories().configRepo(), settings.workDir().resolve("config-repo"));
    }

    public static GitCheckout checkout(RepositorySettings repos) {
        return new GitCheckout(repos.credentials(), repos.timeout(),
                CloneUrlPolicy.of(repos.urlTemplate(), repos.allowedGitHosts()));
    }

    /** The SonarQube quality gate reader; each Web API call is bounded by {@code callTimeout}. */
    public static SonarQubeGate sonar(SonarSettings sonar, java.time.Duration callTimeout) {
        return new SonarQubeGate(new SonarQubeClient(sonar.token(), callTimeout), sonar.url(),
                sonar.reportTaskPaths(), sonar.pollInterval(), sonar.timeout(), Retry.Sleeper.REAL::sleep);
    }

    private static Registries registries(Registry ecr, Registry oci, RegistrySettings.Layout layout) {
        Optional<Registry> layouts = layout.directory().map(OciLayoutRegistry::new);
        layout.directory().ifPresent(dir -> LOG.infof("images of %s go to OCI image layouts under %s",
                layout.hosts().isEmpty() ? "every non-ECR host" : String.join(", ", layout.hosts()), dir));
        return new Registries(ecr, oci, layouts, layout.hosts());
    }
}
