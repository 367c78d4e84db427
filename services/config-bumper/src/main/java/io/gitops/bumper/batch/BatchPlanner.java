package io.gitops.bumper.batch;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.gitops.bumper.commit.BuildHistory;
import io.gitops.bumper.commit.CommitMessages;
import io.gitops.bumper.edit.AppliedChange;
import io.gitops.bumper.edit.BumpEditor;
import io.gitops.bumper.edit.Decision;
import io.gitops.bumper.edit.RevertEditor;
import io.gitops.bumper.targets.Target;
import io.gitops.bumper.targets.TargetResolver;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.bumper.values.ValuesEditException;
import io.gitops.config.AppConfig.Promotion;
import io.gitops.config.InvalidConfigException;
import io.gitops.kit.git.GitException;

/**
 * Plans one batch on one base: resolves every intent's environments, applies the reverts (one commit each), keeps the
 * newest bump per app/env and applies those (one commit), and hands pull-request environments on. A failure of one
 * app or environment is recorded for it alone; the others go ahead.
 */
public final class BatchPlanner {

    private final RevertEditor reverts = new RevertEditor();

    public Plan plan(List<Intent> intents, BatchFiles files, BuildHistory history) {
        return plan(intents, files, history, Map.of());
    }

    /** @param digests the registry-confirmed digest of each bump (written next to its tag) */
    public Plan plan(List<Intent> intents, BatchFiles files, BuildHistory history, Map<Intent, String> digests) {
        Map<Intent, List<TargetResult>> settled = new LinkedHashMap<>();
        intents.forEach(intent -> settled.put(intent, new ArrayList<>()));
        TargetResolver resolver = new TargetResolver(files);
        List<Plan.PlannedCommit> commits = new ArrayList<>();
        List<Target> autoBumps = new ArrayList<>();
        List<Target> pullRequestBumps = new ArrayList<>();

        for (Intent intent : intents) {
            TargetResolver.Resolution resolution;
            try {
                resolution = resolver.resolve(intent);
            } catch (GitException e) {
                if (e.isTransient()) {
                    throw e;
                }
                resolution = new TargetResolver.Invalid(e.getMessage());
            }
            if (resolution instanceof TargetResolver.Invalid invalid) {
                String env = intent instanceof Intent.Revert revert ? revert.verdict().env() : null;
                settled.get(intent).add(new TargetResult.Failed(intent.app(), env, true, invalid.reason()));
                continue;
            }
            for (Target target : ((TargetResolver.Resolved) resolution).targets()) {
                if (intent instanceof Intent.Revert revert) {
                    Decision decision = decide(target, t -> reverts.apply(t, revert.verdict(), files));
                    if (decision instanceof Decision.Apply apply) {
                        commits.add(new Plan.PlannedCommit(CommitMessages.revert(apply.change(), revert.verdict()),
                                files.takeWrites(), List.of(apply.change())));
                    } else {
                        settled.get(intent).add(((Decision.Settle) decision).result());
                    }
                } else if (target.promotion() == Promotion.PULL_REQUEST) {
                    pullRequestBumps.add(target);
                } else {
                    autoBumps.add(target);
                }
            }
        }

        int coalesced = 0;
        BumpEditor bumps = new BumpEditor(history, digests::get);
        List<AppliedChange> bumpChanges = new ArrayList<>();
        for (List<Target> group : byAppEnv(autoBumps)) {
            Target winner = LatestWins.pick(group);
            coalesced += supersedeOthers(group, winner, settled);
            Decision decision = decide(winner, t -> bumps.apply(t, files));
            if (decision instanceof Decision.Apply apply) {
                bumpChanges.add(apply.change());
            } else {
                settled.get(winner.intent()).add(((Decision.Settle) decision).result());
            }
        }
        if (!bumpChanges.isEmpty()) {
            commits.add(new Plan.PlannedCommit(CommitMessages.bump(bumpChanges), files.takeWrites(), bumpChanges));
        }
        List<Target> pullRequests = new ArrayList<>();
        for (List<Target> group : byAppEnv(pullRequestBumps)) {
            Target winner = LatestWins.pick(group);
            coalesced += supersedeOthers(group, winner, settled);
            pullRequests.add(winner);
        }
        return new Plan(commits, pullRequests, settled, coalesced);
    }

    /** Runs an editor; what it cannot do is a permanent failure of that target alone. */
    public static Decision decide(Target target, Function<Target, Decision> editor) {
        try {
            return editor.apply(target);
        } catch (ValuesEditException | InvalidConfigException | IllegalArgumentException e) {
            return new Decision.Settle(new TargetResult.Failed(target.app(), target.env(), true, e.getMessage()));
        } catch (GitException e) {
            return new Decision.Settle(new TargetResult.Failed(target.app(), target.env(), !e.isTransient(),
                    e.isTransient() ? "cannot read the config repository: " + e.getMessage() : e.getMessage()));
        } catch (UncheckedIOException e) {
            return new Decision.Settle(new TargetResult.Failed(target.app(), target.env(), false,
                    "cannot read the config repository: " + e.getMessage()));
        }
    }

    private static int supersedeOthers(List<Target> group, Target winner, Map<Intent, List<TargetResult>> settled) {
        int superseded = 0;
        for (Target target : group) {
            if (target != winner) {
                settled.get(target.intent()).add(new TargetResult.Superseded(target.app(), target.env(),
                        "coalesced: " + LatestWins.artifact(winner).tag() + " is the newest build in the batch"));
                superseded++;
            }
        }
        return superseded;
    }

    private static List<List<Target>> byAppEnv(List<Target> targets) {
        return new ArrayList<>(targets.stream()
                .collect(Collectors.groupingBy(Target::key, LinkedHashMap::new, Collectors.toList())).values());
    }
}
