package io.gitops.build.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.build.exec.BuiltImage;
import io.gitops.build.exec.CommandResult;
import io.gitops.build.gate.ImageTagGate;
import io.gitops.build.image.ImageBuildRequest;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.image.LocalImage;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.build.registry.PushTarget;
import io.gitops.build.registry.Registries;
import io.gitops.build.registry.Registry;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;

/**
 * {@code push}: pushes the image tagged with the full commit SHA to the app's registry (created and authorised by the
 * registry first), then reads the digest back from the registry and applies its scan gates. Idempotent: a tag the
 * registry already has (an earlier attempt pushed it before a restart) is not pushed again; an image the build stage
 * left behind that is gone (a restart) is rebuilt from the same commit first.
 */
public final class PushStage implements Stage {

    public static final String NAME = "push";

    private final ImageBuilder builder;
    private final Registries registries;
    private final Map<String, String> buildArgs;

    public PushStage(ImageBuilder builder, Registries registries, Map<String, String> buildArgs) {
        this.builder = builder;
        this.registries = registries;
        this.buildArgs = Map.copyOf(buildArgs);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Outcome<StageReport> run(StageContext context) {
        String commit = context.spec().commit();
        ImageRepository repository = ImageRepository.parse(context.spec().app().image().repository());
        Registry registry = registries.forRepository(repository);
        Outcome<Optional<String>> existing = registry.digest(repository, commit);
        if (!(existing instanceof Outcome.Success<Optional<String>> known)) {
            return failure(existing, "registry " + repository.host());
        }
        String note;
        if (context.executor().buildsImages()) {
            CommandResult result = Commands.run(context, NAME, "", List.of(), Map.of());
            if (!(result instanceof CommandResult.Exited exited)) {
                return Commands.notExited(NAME, result);
            }
            if (exited.exitCode() != 0) {
                return StageReport.failed("the push in " + context.executor().name() + " failed",
                        List.of(), null, exited.outputTail());
            }
            note = exited.outputTail();
        } else if (known.value().isPresent()) {
            note = repository + ":" + commit + " is already in the registry (" + known.value().get()
                    + "): not pushed again";
        } else {
            Outcome<PushTarget> prepared = registry.prepare(repository, commit);
            if (!(prepared instanceof Outcome.Success<PushTarget> target)) {
                return failure(prepared, "registry " + repository.host());
            }
            GateResult tag = ImageTagGate.evaluate(target.value().tag(), commit);
            if (!tag.passed()) {
                return StageReport.failed(tag.detail(), List.of(tag), null, null);
            }
            ImageBuildRequest request = ImageRequests.of(context, buildArgs);
            if (!builder.exists(request)) {
                Outcome<LocalImage> rebuilt = builder.build(request);
                if (!(rebuilt instanceof Outcome.Success<LocalImage>)) {
                    return failure(rebuilt, "rebuilding the image with " + builder.name());
                }
            }
            Outcome<String> pushed = builder.push(request, target.value());
            if (!(pushed instanceof Outcome.Success<String>)) {
                return failure(pushed, "push with " + builder.name());
            }
            Outcome<Optional<String>> adopted = registry.adopt(repository, target.value());
            if (!(adopted instanceof Outcome.Success<Optional<String>>)) {
                return failure(adopted, "registry " + registry.kind());
            }
            note = "pushed by " + builder.name() + " to " + target.value().reference();
        }
        Outcome<Optional<String>> digest = registry.digest(repository, commit);
        if (!(digest instanceof Outcome.Success<Optional<String>> read)) {
            return failure(digest, "reading the digest back");
        }
        if (read.value().isEmpty()) {
            GateResult missing = io.gitops.build.gate.Gates.failed(io.gitops.build.gate.Gates.IMAGE_TAG,
                    "the registry does not list " + repository + ":" + commit + " after the push");
            return StageReport.failed(missing.detail(), List.of(missing), null, note);
        }
        Outcome<List<GateResult>> scan = registry.scanGates(repository, commit, read.value().get());
        if (!(scan instanceof Outcome.Success<List<GateResult>> scanned)) {
            return failure(scan, "image scan");
        }
        Optional<String> reported = context.executor().buildsImages() ? BuiltImage.reported(context.workspace())
                : Optional.empty();
        if (reported.isPresent() && !reported.get().equals(read.value().get())) {
            GateResult mismatch = io.gitops.build.gate.Gates.failed(io.gitops.build.gate.Gates.IMAGE_TAG,
                    context.executor().name() + " reported " + reported.get() + " for " + repository + ":" + commit
                            + " but the registry has " + read.value().get());
            return StageReport.failed(mismatch.detail(), List.of(mismatch), null, note);
        }
        List<GateResult> gates = new ArrayList<>();
        if (context.executor().buildsImages()) {
            gates.add(io.gitops.build.gate.Gates.passed(io.gitops.build.gate.Gates.IMAGE_TAG, repository + ":"
                    + commit + " is in the registry (pushed by " + context.executor().name()
                    + reported.map(d -> ", the digest it reported matches").orElse("") + ")"));
        }
        gates.addAll(scanned.value());
        String tail = note + "\ndigest " + read.value().get();
        for (GateResult gate : gates) {
            if (!gate.passed()) {
                return StageReport.failed("image scan gate failed: " + gate.detail(), gates, null, tail);
            }
        }
        return StageReport.passed(gates, null, tail);
    }

    private static Outcome<StageReport> failure(Outcome<?> outcome, String what) {
        if (outcome instanceof Outcome.TransientFailure<?> t) {
            return StageReport.retryable(what + ": " + t.reason(), null);
        }
        return StageReport.failed(what + ": " + ((Outcome.PermanentFailure<?>) outcome).reason());
    }
}
