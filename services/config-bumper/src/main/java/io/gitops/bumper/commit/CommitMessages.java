package io.gitops.bumper.commit;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.edit.AppliedChange;
import io.gitops.events.data.RolloutFailed;

/**
 * Readable commit messages for bumps and reverts: a subject a person can scan in {@code git log --oneline}, a body
 * saying what changed where and why, and the {@link ChangeTrailers} machines read.
 */
public final class CommitMessages {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{13,}");
    private static final int SUBJECT_TARGETS = 3;

    private CommitMessages() {
    }

    /** One commit for every bump of a batch. */
    public static String bump(List<AppliedChange> changes) {
        StringBuilder message = new StringBuilder();
        if (changes.size() == 1) {
            AppliedChange change = changes.get(0);
            message.append("Bump ").append(target(change)).append(" to ").append(shortTag(change.newTag()))
                    .append("\n\n").append(describe(change)).append('\n');
        } else {
            List<String> targets = changes.stream().map(CommitMessages::target).toList();
            message.append("Bump ").append(changes.size()).append(" environments: ")
                    .append(String.join(", ", targets.subList(0, Math.min(SUBJECT_TARGETS, targets.size()))))
                    .append(targets.size() > SUBJECT_TARGETS ? " and " + (targets.size() - SUBJECT_TARGETS) + " more"
                            : "")
                    .append("\n\n");
            for (AppliedChange change : changes) {
                message.append("- ").append(describe(change).replace("\n", " ")).append('\n');
            }
        }
        return withTrailers(message, changes);
    }

    /** The commit of one revert (values back to the last healthy tag, failed tag quarantined). */
    public static String revert(AppliedChange change, RolloutFailed verdict) {
        StringBuilder message = new StringBuilder();
        boolean reverted = change.newTag() != null && !change.newTag().equals(change.oldTag());
        if (reverted) {
            message.append("Revert ").append(target(change)).append(" to ").append(shortTag(change.newTag()))
                    .append(" after failed rollout of ").append(shortTag(verdict.failedTag()));
        } else {
            message.append("Quarantine ").append(shortTag(verdict.failedTag())).append(" for ").append(target(change))
                    .append(" after failed rollout");
        }
        message.append("\n\nThe rollout of ").append(verdict.failedTag()).append(" to ").append(target(change))
                .append(" failed");
        if (verdict.reason() != null) {
            message.append(" (").append(verdict.reason());
            String detail = ChangeTrailers.clean(verdict.message());
            if (detail != null) {
                message.append(": ").append(detail);
            }
            message.append(')');
        }
        message.append(".\n");
        if (reverted) {
            message.append("Set ").append(change.valuesKey()).append(" in ").append(change.valuesFile())
                    .append(" back to the last healthy tag ").append(change.newTag()).append(".\n");
        } else if (change.note() != null) {
            message.append("Values left as they are: ").append(change.note()).append(".\n");
        }
        if (change.quarantinedTag() != null) {
            message.append("Added ").append(change.quarantinedTag()).append(" to .gitops/quarantine.yaml.\n");
        }
        return withTrailers(message, List.of(change));
    }

    /** The title of a bump pull request. */
    public static String pullRequestTitle(AppliedChange change) {
        return "Bump " + target(change) + " to " + shortTag(change.newTag());
    }

    private static String describe(AppliedChange change) {
        StringBuilder text = new StringBuilder("Set ").append(change.valuesKey()).append(" in ")
                .append(change.valuesFile()).append(change.oldTag() == null ? "" : " from " + shortTag(change.oldTag()))
                .append(" to ").append(change.newTag());
        if (change.intent() instanceof Intent.Bump bump) {
            var artifact = bump.artifact();
            text.append(",\nbuilt");
            if (artifact.pipelineId() != null) {
                text.append(" by pipeline ").append(artifact.pipelineId());
            }
            if (artifact.sourceCommit() != null) {
                text.append(" from ").append(artifact.sourceRepo() == null ? "" : artifact.sourceRepo() + "@")
                        .append(shortTag(artifact.sourceCommit()));
            }
            if (artifact.commitTime() != null) {
                text.append(" (committed ").append(artifact.commitTime()).append(')');
            }
        }
        return text.append('.').toString();
    }

    private static String withTrailers(StringBuilder message, List<AppliedChange> changes) {
        message.append('\n');
        message.append(changes.stream().flatMap(c -> c.trailers().lines().stream())
                .collect(Collectors.joining("\n")));
        return message.append('\n').toString();
    }

    private static String target(AppliedChange change) {
        return change.app() + "/" + change.env();
    }

    public static String shortTag(String tag) {
        if (tag == null) {
            return "(none)";
        }
        return HEX.matcher(tag).matches() ? tag.substring(0, 12) : tag;
    }
}
