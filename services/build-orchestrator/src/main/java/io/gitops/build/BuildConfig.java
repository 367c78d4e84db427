package io.gitops.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.build.exec.kubernetes.JobSettings;
import io.gitops.kit.config.ServiceConfig;
import io.gitops.kit.git.GitCredentialsConfig;
import io.gitops.kit.git.GitRepositoryConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Configuration of the build-orchestrator ({@code gitops.build.*}); every key is in the module README's table. */
@ConfigMapping(prefix = "gitops.build")
public interface BuildConfig {

    /** Pipelines running at the same time (a pipeline holds one slot from its first stage to its end). */
    @WithDefault("2")
    int maxParallel();

    /** Where workspaces, the config repository clone and the image builder's storage live (kept across restarts). */
    @WithDefault("${java.io.tmpdir}/gitops-build")
    String workDir();

    /** The configuration repository. */
    ConfigRepo configRepo();

    /**
     * How often every tracked source branch of the catalog is asked for its head ({@code git ls-remote}), to build a
     * head no webhook announced; each wait is jittered by ±20 %. {@code 0} turns the reconciler off.
     */
    @WithDefault("60s")
    Duration reconcileInterval();

    /** Redelivery of the GitHub App's failed webhook deliveries, before each reconcile round. */
    Redelivery redelivery();

    /** A GitHub App whose failed deliveries are redelivered (off unless both id and key file are set). */
    interface Redelivery {
        /** The App id (the JWT's issuer). */
        Optional<String> appId();

        /** PEM RSA private key of the App; never logged. */
        Optional<String> privateKeyFile();

        @WithDefault("https://api.github.com")
        String apiUrl();

        /** How far back failed deliveries are redelivered (GitHub keeps them for 3 days). */
        @WithDefault("1h")
        Duration window();
    }

    /** Cloning application repositories. */
    Git git();

    /**
     * Hosts an app.yaml {@code source.url} may name ({@code https://} only); unset: the host of
     * {@code git.url-template} and github.com. URLs under the template's base are always allowed.
     */
    Optional<List<String>> allowedGitHosts();

    /** Stage execution. */
    Stage stage();

    /** Image building. */
    Image image();

    /** Registries. */
    Registry registry();

    /** SonarQube (apps with {@code sast: sonarqube}). */
    Sonarqube sonarqube();

    /** The kubernetes executor. */
    Kubernetes kubernetes();

    /** The github-actions executor. */
    GithubActions githubActions();

    /**
     * What every service has ({@code ack-timeout}, {@code create-topics}, {@code replication-factor},
     * {@code startup-timeout}, {@code dedupe-capacity}, {@code retry.*}); the orchestrator's own defaults are in its
     * {@code application.properties}. {@code retry.*} also bounds a transiently failing pipeline step (registry, API,
     * clone) before it fails.
     */
    @WithParentName
    ServiceConfig service();

    /**
     * The configuration repository, where app.yaml files are read from, in the shape every service configures a
     * repository with ({@code url}, {@code branch}, {@code name}, {@code username}, {@code password},
     * {@code password-file}, {@code token}, {@code token-file}, {@code timeout}; see {@link GitRepositoryConfig}).
     * A push to {@code name} (default: owner/name of the URL) refreshes the clone.
     */
    interface ConfigRepo extends GitRepositoryConfig {
        /** Safety-net refresh even without a push. */
        @WithDefault("5m")
        Duration refreshInterval();
    }

    /**
     * Git access to application repositories: the clone URL template and the same credential keys as a repository
     * ({@code username}, {@code password}, {@code password-file}, {@code token}, {@code token-file}).
     */
    interface Git extends GitCredentialsConfig {
        /** Clone URL of an application repository when app.yaml has no source.url; {repo} is owner/name. */
        @WithDefault("https://github.com/{repo}.git")
        String urlTemplate();

        /** Bound on connecting and on each wait for the remote during a checkout. */
        @WithDefault("120s")
        Duration timeout();
    }

    /** Stage execution. */
    interface Stage {
        /** Bytes of stage output kept (the tail) and attached to the stage-finished event. */
        @WithDefault("4096")
        int outputTailBytes();

        /** Cap on any stage's timeout, whatever app.yaml asks for. */
        @WithDefault("2h")
        Duration maxTimeout();

        /** Report files larger than this are refused unread (malformed). */
        @WithDefault("50000000")
        long maxReportBytes();

        /**
         * Names of the orchestrator's environment variables local stage commands inherit besides PATH, HOME, LANG,
         * LC_ALL, TZ and JAVA_HOME (never put a secret here: stage output is masked, but the command could send it).
         */
        Optional<List<String>> passEnv();
    }

    /** Image building. */
    interface Image {
        /** auto (docker with a running engine, else buildah, else jib), buildah, docker, jib. */
        @WithDefault("auto")
        String builder();

        @WithDefault("buildah")
        String buildahPath();

        @WithDefault("docker")
        String dockerPath();

        /** Build arguments passed to every build (KEY=VALUE). */
        Optional<List<String>> buildArgs();
    }

    /** Registries. */
    interface Registry {
        /** Registry hosts spoken to over plain HTTP (loopback test registries). */
        @WithDefault("127.0.0.1,localhost")
        List<String> insecureHosts();

        /** User for an OCI registry that needs basic auth (not ECR: ECR uses GetAuthorizationToken). */
        Optional<String> username();

        /** Password for that user, from the environment; never logged. */
        Optional<String> password();

        /** Bound on one registry HTTP call. */
        @WithDefault("30s")
        Duration timeout();

        /** Amazon ECR. */
        Ecr ecr();

        /** OCI image layouts on disk instead of a registry server. */
        Layout layout();
    }

    /** OCI image layouts on disk (machines without a registry, e.g. the embedded stack without docker-registry). */
    interface Layout {
        /**
         * When set, images are written into OCI image layouts under this directory (one per repository path, e.g.
         * {@code <dir>/acme/shop}) instead of being pushed; needs the buildah builder.
         */
        Optional<String> directory();

        /** Repository hosts whose images go to the layouts; empty: every non-ECR host. */
        Optional<List<String>> hosts();
    }

    /** Amazon ECR; credentials always come from the SDK's default chain (env, profile, web identity, instance). */
    interface Ecr {
        /** Region; default: the one in the repository host (<account>.dkr.ecr.<region>.amazonaws.com). */
        Optional<String> region();

        /** API endpoint override, for tests only. */
        Optional<String> endpointOverride();

        /** Scan finding severities that fail the image-scan gate. */
        @WithDefault("CRITICAL")
        List<String> failOnSeverities();

        /** How long to wait for the scan on push to complete. */
        @WithDefault("5m")
        Duration scanTimeout();

        @WithDefault("5s")
        Duration scanPollInterval();
    }

    /** SonarQube Web API. */
    interface Sonarqube {
        /** Server URL; default: serverUrl from report-task.txt. */
        Optional<String> url();

        /** User token (sent as a bearer token); from the environment; never logged. */
        Optional<String> token();

        /** Where the scanner leaves report-task.txt, tried in order. */
        @WithDefault("target/sonar/report-task.txt,.scannerwork/report-task.txt,build/sonar/report-task.txt")
        List<String> reportTaskPaths();

        @WithDefault("2s")
        Duration pollInterval();

        /** Bound on waiting for the analysis to be processed. */
        @WithDefault("10m")
        Duration timeout();
    }

    /** The github-actions executor: follows check_run / workflow_run deliveries. */
    interface GithubActions {
        /** How far back check and workflow runs are remembered (and read back from webhook.received on start). */
        @WithDefault("24h")
        Duration reportWindow();
    }

    /** The kubernetes executor (the cluster comes from the usual kubeconfig or in-cluster config). */
    interface Kubernetes {
        /** Namespace the stage Jobs run in. */
        @WithDefault("gitops-builds")
        String namespace();

        /** Image of the init container that clones the commit into the workspace volume. */
        @WithDefault("alpine/git:2.47.2")
        String gitImage();

        /**
         * A Secret in {@link #namespace()} with the keys {@code username} and {@code password} the stage Jobs clone
         * with (private repositories); unset: anonymous clones.
         */
        Optional<String> gitCredentialsSecretName();

        /** How often Job status is read. */
        @WithDefault("2s")
        Duration pollInterval();

        /** The buildah image of the build Job, pinned by digest ({@code name:tag@sha256:…}). */
        @WithDefault(JobSettings.DEFAULT_BUILD_IMAGE)
        String buildImage();

        /**
         * A {@code kubernetes.io/dockerconfigjson} Secret in {@link #namespace()} the build Job pushes with (mounted
         * read-only as {@code REGISTRY_AUTH_FILE}); unset: no auth file (IRSA + credential helper, or anonymous).
         */
        Optional<String> registryAuthSecretName();

        /** ServiceAccount of the build Jobs (e.g. annotated with an IAM role for ECR through IRSA). */
        Optional<String> buildServiceAccountName();

        /** A Secret in {@link #namespace()} with the key {@code token}: {@code SONAR_TOKEN} of the sast Job. */
        Optional<String> sonarTokenSecretName();

        /** The non-root uid (and gid) of every stage container. */
        @WithDefault("1000")
        long runAsUser();

        /** Whether stage commands run with a read-only root filesystem (workspace, /tmp and HOME stay writable). */
        @WithDefault("true")
        boolean commandReadOnlyRootFilesystem();

        /** Size limit of the build Job's image storage ({@code emptyDir}). */
        @WithDefault("10Gi")
        String buildStorageLimit();

        /** Requests and limits per kind of stage container. */
        StageResources resources();
    }

    /** Requests and limits of the checkout, command and build containers of stage Jobs (unset: the defaults). */
    interface StageResources {
        /** The clone init container. */
        Resources checkout();

        /** Stage commands in the builder image. */
        Resources command();

        /** The buildah build and push. */
        Resources build();
    }

    /** Kubernetes quantities of one container kind; each unset one keeps its default. */
    interface Resources {
        Optional<String> cpuRequest();

        Optional<String> memoryRequest();

        Optional<String> cpuLimit();

        Optional<String> memoryLimit();
    }
}
