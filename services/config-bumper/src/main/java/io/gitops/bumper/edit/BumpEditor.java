package io.gitops.bumper.edit;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import io.gitops.bumper.batch.BatchFiles;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.LatestWins;
import io.gitops.bumper.commit.BuildHistory;
import io.gitops.bumper.targets.Target;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.bumper.values.ValuesEditor;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.ChangeCause;

/**
 * Writes a bump's tag, and the digest the registry confirmed for it ({@link Target#digestKey()}, e.g.
 * {@code image.digest}), into one environment's values: refused for a quarantined tag, superseded when Git already
 * holds a newer build, unchanged when the tag and digest are already there, else an edit of the values text.
 */
public final class BumpEditor {

    private final BuildHistory history;
    private final Function<Intent, String> digests;

    public BumpEditor(BuildHistory history) {
        this(history, intent -> null);
    }

    /** @param digests the registry-confirmed digest of a bump, null when none is to be written */
    public BumpEditor(BuildHistory history, Function<Intent, String> digests) {
        this.history = history;
        this.digests = digests;
    }

    public Decision apply(Target target, BatchFiles files) {
        ArtifactPublished artifact = LatestWins.artifact(target);
        String tag = artifact.tag();
        if (files.quarantine().isQuarantined(target.app(), target.env(), tag)) {
            return new Decision.Settle(new TargetResult.Refused(target.app(), target.env(),
                    "tag " + tag + " is quarantined in .gitops/quarantine.yaml"));
        }
        String text = files.read(target.valuesFile()).orElse("");
        Optional<String> current = ValuesEditor.read(text, target.valuesFile(), target.valuesKey());
        String digest = digests.apply(target.intent());
        boolean digestThere = digest == null
                || ValuesEditor.read(text, target.valuesFile(), target.digestKey()).filter(digest::equals).isPresent();
        if (current.isPresent() && current.get().equals(tag) && digestThere) {
            return new Decision.Settle(new TargetResult.Unchanged(target.app(), target.env(),
                    target.valuesKey() + " is already " + tag));
        }
        Instant commitTime = artifact.commitTime();
        Optional<Instant> newest = commitTime == null ? Optional.empty()
                : history.newestBuild(target.app(), target.env(), target.valuesFile());
        if (newest.isPresent() && commitTime.isBefore(newest.get())) {
            return new Decision.Settle(new TargetResult.Superseded(target.app(), target.env(),
                    "a newer build (source commit of " + newest.get() + ") is already in Git; " + tag
                            + " is from " + commitTime));
        }
        String edited = ValuesEditor.set(text, target.valuesFile(), target.valuesKey(), tag);
        if (digest != null) {
            edited = ValuesEditor.set(edited, target.valuesFile(), target.digestKey(), digest);
        }
        files.write(target.valuesFile(), edited);
        return new Decision.Apply(new AppliedChange(target.intent(), target.app(), target.env(), target.valuesFile(),
                target.valuesKey(), current.orElse(null), tag, ChangeCause.BUMP, null, null));
    }
}
