package io.gitops.bumper.artifacts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.targets.TargetResolver;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.config.AppConfig;
import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;

/**
 * The checks of a batch's bumps against the config repository and the registry, made on the batch's base before any
 * edit: the artifact's image repository must be the one in the app's {@code app.yaml} (checked first, so the registry
 * asked is always the app's own, never a host an event names), and the registry must name a digest for the tag, the
 * same the event carries when it carries one. The registry's digest is what the values will pin. The registry calls
 * of one batch run in parallel. A refusal is a permanent failure of that intent (counted by reason); a registry that
 * does not answer (unreachable, 5xx, 429) a transient one; the other intents go ahead.
 */
public final class RegistryCheck {

    /** What became of a batch's bumps: the digest of each accepted one, the failure of each other. */
    public record Result(Map<Intent, String> digests, Map<Intent, TargetResult.Failed> failed) {
    }

    private final ImageDigests registry;
    private final Executor executor;
    private final Consumer<Refusal> refused;

    public RegistryCheck(ImageDigests registry, Executor executor, Consumer<Refusal> refused) {
        this.registry = registry;
        this.executor = executor;
        this.refused = refused;
    }

    /** Checks every bump of {@code intents}; reverts are not artifacts and pass untouched. */
    public Result check(List<Intent> intents, TargetResolver resolver) {
        Map<Intent, TargetResult.Failed> failed = new LinkedHashMap<>();
        Map<Intent.Bump, CompletableFuture<Outcome<Optional<String>>>> asked = new LinkedHashMap<>();
        for (Intent intent : intents) {
            if (!(intent instanceof Intent.Bump bump)) {
                continue;
            }
            Optional<AppConfig> config = resolver.config(bump.app());
            if (config.isEmpty()) {
                TargetResolver.Resolution resolution = resolver.resolve(bump);
                String reason = resolution instanceof TargetResolver.Invalid invalid ? invalid.reason()
                        : "unknown application '" + bump.app() + "'";
                failed.put(bump, new TargetResult.Failed(bump.app(), null, true, reason));
                continue;
            }
            String repositoryProblem = TargetResolver.repositoryProblem(config.get(), bump);
            if (repositoryProblem != null) {
                refused.accept(Refusal.REPOSITORY);
                failed.put(bump, new TargetResult.Failed(bump.app(), null, true, repositoryProblem));
                continue;
            }
            ImageRepository repository = ImageRepository.parse(config.get().image().repository());
            String tag = bump.artifact().tag();
            asked.put(bump, CompletableFuture.supplyAsync(() -> registry.digest(repository, tag), executor));
        }
        Map<Intent, String> digests = new LinkedHashMap<>();
        for (Map.Entry<Intent.Bump, CompletableFuture<Outcome<Optional<String>>>> entry : asked.entrySet()) {
            Intent.Bump bump = entry.getKey();
            Outcome<Optional<String>> answer = answer(entry.getValue());
            String failure = judge(bump, answer);
            if (failure == null) {
                digests.put(bump, ((Outcome.Success<Optional<String>>) answer).value().orElseThrow());
            } else {
                boolean permanent = !(answer instanceof Outcome.TransientFailure<?>);
                failed.put(bump, new TargetResult.Failed(bump.app(), null, permanent, failure));
            }
        }
        return new Result(digests, failed);
    }

    private static Outcome<Optional<String>> answer(CompletableFuture<Outcome<Optional<String>>> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            return Outcome.transientFailure("the registry check failed: " + e.getMessage(), e);
        }
    }

    /** Null when the registry confirms the artifact, else why not. */
    private String judge(Intent.Bump bump, Outcome<Optional<String>> answer) {
        String image = bump.artifact().imageRepository() + ":" + bump.artifact().tag();
        if (answer instanceof Outcome.TransientFailure<Optional<String>> t) {
            return "cannot confirm " + image + " with the registry (retried): " + t.reason();
        }
        if (answer instanceof Outcome.PermanentFailure<Optional<String>> p) {
            refused.accept(Refusal.DIGEST);
            return "refused: the registry cannot confirm " + image + ": " + p.reason();
        }
        Optional<String> digest = ((Outcome.Success<Optional<String>>) answer).value();
        String claimed = bump.artifact().digest();
        if (digest.isEmpty()) {
            refused.accept(Refusal.DIGEST);
            return "refused: the registry does not have " + image;
        }
        if (claimed != null && !claimed.equals(digest.get())) {
            refused.accept(Refusal.DIGEST);
            return "refused: the registry names " + digest.get() + " for " + image + ", the event "
                    + ArtifactGate.printable(claimed);
        }
        return null;
    }
}
