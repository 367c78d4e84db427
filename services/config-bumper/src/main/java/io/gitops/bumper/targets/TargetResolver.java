package io.gitops.bumper.targets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.gitops.bumper.batch.BatchFiles;
import io.gitops.bumper.batch.Intent;
import io.gitops.config.AppConfig.EnvironmentConfig;
import io.gitops.config.AppConfig.Promotion;
import io.gitops.config.AppConfig;
import io.gitops.config.AppConfigParser;
import io.gitops.config.ConfigProblem;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.config.Dns1123;
import io.gitops.events.data.RolloutFailed;

/**
 * Turns an intent into the environments it applies to, from {@code apps/<app>/app.yaml} at the batch's base. Names are
 * checked as DNS-1123 labels and tags against the image tag grammar before they touch a path.
 */
public final class TargetResolver {

    /** Docker's tag grammar; full commit SHAs match it. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** The environments an intent applies to, or why it applies to none. */
    public sealed interface Resolution {
    }

    public record Resolved(List<Target> targets) implements Resolution {
    }

    public record Invalid(String reason) implements Resolution {
    }

    private final BatchFiles files;
    private final Map<String, Object> apps = new HashMap<>();

    public TargetResolver(BatchFiles files) {
        this.files = files;
    }

    public Resolution resolve(Intent intent) {
        String nameProblem = Dns1123.problem("application name", intent.app());
        if (nameProblem != null) {
            return new Invalid(nameProblem);
        }
        Object app = apps.computeIfAbsent(intent.app(), this::load);
        if (app instanceof String problem) {
            return new Invalid(problem);
        }
        AppConfig config = (AppConfig) app;
        if (intent instanceof Intent.Bump bump) {
            String tag = bump.artifact().tag();
            if (tag == null || !TAG.matcher(tag).matches()) {
                return new Invalid("'" + abbreviate(tag) + "' is not an image tag");
            }
            String repositoryProblem = repositoryProblem(config, bump);
            if (repositoryProblem != null) {
                return new Invalid(repositoryProblem);
            }
            List<Target> targets = new ArrayList<>();
            for (EnvironmentConfig env : config.environments()) {
                targets.add(target(intent, config, env.name(), env.promotion()));
            }
            return new Resolved(targets);
        }
        RolloutFailed verdict = ((Intent.Revert) intent).verdict();
        String envProblem = Dns1123.problem("environment name", verdict.env());
        if (envProblem != null) {
            return new Invalid(envProblem);
        }
        if (config.environment(verdict.env()).isEmpty()) {
            return new Invalid("unknown environment '" + verdict.env() + "' of application '" + config.name()
                    + "' (known: " + config.environments().stream().map(EnvironmentConfig::name)
                    .collect(Collectors.joining(", ")) + ")");
        }
        if (verdict.failedTag() == null || !TAG.matcher(verdict.failedTag()).matches()) {
            return new Invalid("failed tag '" + abbreviate(verdict.failedTag()) + "' is not an image tag");
        }
        if (verdict.lastHealthyTag() != null && !TAG.matcher(verdict.lastHealthyTag()).matches()) {
            return new Invalid("last healthy tag '" + abbreviate(verdict.lastHealthyTag()) + "' is not an image tag");
        }
        // A revert goes straight to the branch whatever the promotion: Git must show what the cluster runs.
        return new Resolved(List.of(target(intent, config, verdict.env(), Promotion.AUTO)));
    }

    /** The app's {@code app.yaml} at the batch's base; empty when unknown or invalid ({@link #resolve} says why). */
    public Optional<AppConfig> config(String app) {
        if (Dns1123.problem("application name", app) != null) {
            return Optional.empty();
        }
        return apps.computeIfAbsent(app, this::load) instanceof AppConfig config ? Optional.of(config)
                : Optional.empty();
    }

    /** Null when the artifact's image repository is the one in {@code app.yaml}, else why the bump is refused. */
    public static String repositoryProblem(AppConfig config, Intent.Bump bump) {
        String repository = bump.artifact().imageRepository();
        if (config.image().repository().equals(repository)) {
            return null;
        }
        return "refused: image repository '" + abbreviate(repository) + "' is not " + config.name() + "'s ("
                + ConfigRepoLayout.appFile(config.name()) + " names " + config.image().repository() + ")";
    }

    private static Target target(Intent intent, AppConfig config, String env, Promotion promotion) {
        return new Target(intent, config.name(), env, promotion, ConfigRepoLayout.valuesFile(config.name(), env),
                config.image().valuesKey());
    }

    /** The app's config, or a String saying why there is none. */
    private Object load(String app) {
        String file = ConfigRepoLayout.appFile(app);
        var text = files.read(file);
        if (text.isEmpty()) {
            return "unknown application '" + app + "': " + file + " does not exist";
        }
        AppConfigParser.Result result = AppConfigParser.parse(text.get(), file);
        if (result instanceof AppConfigParser.Invalid invalid) {
            return "invalid " + file + ": " + invalid.problems().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("; "));
        }
        AppConfig config = ((AppConfigParser.Parsed) result).app();
        if (!config.name().equals(app)) {
            return file + " names the application '" + config.name() + "', not '" + app + "'";
        }
        return config;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
