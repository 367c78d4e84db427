package io.gitops.bumper.edit;

import java.util.Optional;

import io.gitops.bumper.batch.BatchFiles;
import io.gitops.bumper.commit.ChangeTrailers;
import io.gitops.bumper.targets.Target;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.bumper.values.ValuesEditor;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.config.Quarantine;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;

/**
 * After a failed rollout: sets the values back to the last healthy tag (only while they still hold the failed tag, so
 * a newer fix is never undone) and appends the failed tag to {@code .gitops/quarantine.yaml}, as one change. With no
 * last healthy tag it still quarantines. A repeated verdict finds both done and changes nothing. A failed restore
 * ({@code RESTORE_FAILED}, or a verdict whose failed tag is its last healthy tag: the restored revision failed, e.g.
 * an image-pull blip) changes nothing either: that tag is the last good one, quarantining it would leave the
 * environment nothing to run; it stays halted for a person.
 */
public final class RevertEditor {

    private static final int MAX_REASON = 200;

    public Decision apply(Target target, RolloutFailed verdict, BatchFiles files) {
        String text = files.read(target.valuesFile()).orElse("");
        String current = ValuesEditor.read(text, target.valuesFile(), target.valuesKey()).orElse(null);
        String quarantineText = files.read(ConfigRepoLayout.QUARANTINE_FILE).orElse("");
        Quarantine quarantine = files.quarantine();
        String failed = verdict.failedTag();
        String lastHealthy = verdict.lastHealthyTag();
        if (verdict.reason() == RolloutFailureReason.RESTORE_FAILED || (failed != null && failed.equals(lastHealthy))) {
            return new Decision.Settle(new TargetResult.Unchanged(target.app(), target.env(), "the restore of "
                    + failed + " failed: it is the last healthy tag, neither quarantined nor reverted (it stays "
                    + "halted)"));
        }

        String note = null;
        String newTag = current;
        if (lastHealthy == null) {
            note = "there is no last healthy tag to revert to";
        } else if (!failed.equals(current)) {
            note = target.valuesKey() + " holds " + (current == null ? "nothing" : current) + ", not the failed tag";
        } else if (quarantine.isQuarantined(target.app(), target.env(), lastHealthy)) {
            note = "the last healthy tag " + lastHealthy + " is quarantined too";
        } else {
            newTag = lastHealthy;
        }
        String newValues = newTag == null || newTag.equals(current) ? text
                : ValuesEditor.set(text, target.valuesFile(), target.valuesKey(), newTag);
        if (!newValues.equals(text)) {
            newValues = revertDigest(target, verdict, files, text, newValues);
        }
        String newQuarantine = Quarantine.append(quarantineText, ConfigRepoLayout.QUARANTINE_FILE, target.app(),
                target.env(), failed, reason(verdict), verdict.failedAt() == null
                        ? target.intent().event().time() : verdict.failedAt());
        boolean quarantines = !quarantine.isQuarantined(target.app(), target.env(), failed);
        if (newValues.equals(text) && !quarantines) {
            return new Decision.Settle(new TargetResult.Unchanged(target.app(), target.env(),
                    "already reverted and " + failed + " already quarantined"
                            + Optional.ofNullable(note).map(n -> " (" + n + ")").orElse("")));
        }
        if (!newValues.equals(text)) {
            files.write(target.valuesFile(), newValues);
        }
        if (quarantines) {
            files.write(ConfigRepoLayout.QUARANTINE_FILE, newQuarantine);
        }
        return new Decision.Apply(new AppliedChange(target.intent(), target.app(), target.env(), target.valuesFile(),
                target.valuesKey(), current, newTag, ChangeCause.REVERT, quarantines ? failed : null, note));
    }

    /**
     * The digest goes back with the tag: to the one the values held at the last healthy revision (what ran healthy),
     * else it is cleared so the tag alone names the image; values that never held a digest get none.
     */
    private static String revertDigest(Target target, RolloutFailed verdict, BatchFiles files, String before,
                                       String after) {
        String file = target.valuesFile();
        Optional<String> healthy = files.readAt(verdict.lastHealthyRevision(), file).flatMap(old -> {
            try {
                return ValuesEditor.read(old, file, target.valuesKey()).filter(verdict.lastHealthyTag()::equals)
                        .flatMap(t -> ValuesEditor.read(old, file, target.digestKey()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
        Optional<String> current = ValuesEditor.read(before, file, target.digestKey());
        if (healthy.isPresent()) {
            return ValuesEditor.set(after, file, target.digestKey(), healthy.get());
        }
        return current.isPresent() && !current.get().isEmpty() ? ValuesEditor.set(after, file, target.digestKey(), "")
                : after;
    }

    private static String reason(RolloutFailed verdict) {
        String reason = verdict.reason() == null ? "rollout failed" : verdict.reason().name();
        String detail = ChangeTrailers.clean(verdict.message());
        String text = detail == null ? reason : reason + ": " + detail;
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
    }
}
