package io.gitops.bumper.promotion;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import io.gitops.bumper.BumperMetrics;
import io.gitops.bumper.BumperSettings;
import io.gitops.bumper.announce.AnnouncementQueue;
import io.gitops.bumper.announce.ChangeEvents;
import io.gitops.bumper.batch.BatchFiles;
import io.gitops.bumper.batch.BatchPlanner;
import io.gitops.bumper.batch.LatestWins;
import io.gitops.bumper.commit.BuildHistory;
import io.gitops.bumper.commit.CommitMessages;
import io.gitops.bumper.edit.AppliedChange;
import io.gitops.bumper.edit.BumpEditor;
import io.gitops.bumper.edit.Decision;
import io.gitops.bumper.github.PullRequest;
import io.gitops.bumper.github.PullRequests;
import io.gitops.bumper.push.PushWithRetry;
import io.gitops.bumper.targets.Target;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.bumper.values.ValuesEditException;
import io.gitops.bumper.values.ValuesEditor;
import io.gitops.events.Event;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitException;
import io.gitops.kit.git.github.GitHubException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * {@code promotion: pull-request}: puts the bump on the branch {@code <prefix>/<app>/<env>} and makes sure one pull
 * request is open from it. A newer bump is committed on top of that branch (a fast-forward: never a force push), so the
 * open pull request shows it instead of a second one being opened. The same bump again finds the branch already
 * holding its tag and the pull request open, and changes nothing.
 */
public final class PullRequestFlow {

    private final GitClient git;
    private final BumperSettings settings;
    private final PullRequests pullRequests;
    private final PushWithRetry push;
    private final AnnouncementQueue announcements;
    private final BumperMetrics metrics;
    private final Clock clock;

    public PullRequestFlow(GitClient git, BumperSettings settings, PullRequests pullRequests, PushWithRetry push,
                    AnnouncementQueue announcements, BumperMetrics metrics, Clock clock) {
        this.git = git;
        this.settings = settings;
        this.pullRequests = pullRequests;
        this.push = push;
        this.announcements = announcements;
        this.metrics = metrics;
        this.clock = clock;
    }

    public TargetResult open(Target target, ObjectId mainHead, BuildHistory history) {
        if (pullRequests == null) {
            return new TargetResult.Failed(target.app(), target.env(), true, "environment " + target.env()
                    + " uses promotion pull-request but no GitHub API is configured (gitops.bumper.github.*)");
        }
        BatchFiles main = new BatchFiles(path -> git.readFile(mainHead, path, settings.repository().maxFileBytes()));
        Decision decision = BatchPlanner.decide(target, t -> new BumpEditor(history).apply(t, main));
        if (decision instanceof Decision.Settle settle) {
            return settle.result();
        }
        AppliedChange change = ((Decision.Apply) decision).change();
        String prefix = settings.pullRequests().branchPrefix() + "/" + target.app();
        String branch = prefix + "/" + target.env();
        String message = CommitMessages.bump(java.util.List.of(change));
        try {
            ObjectId current = git.fetchBranch(branch).orElse(null);
            PushWithRetry.Result<AppliedChange> result = push.push(branch, current,
                    () -> git.fetchBranch(branch).orElse(null), mainHead,
                    base -> new PushWithRetry.Built<>(base, commit(base, target, message), change));
            ObjectId head;
            if (result instanceof PushWithRetry.Pushed<AppliedChange> pushed) {
                metrics.pushed("pull_request", pushed.nanos());
                head = pushed.built().head();
            } else if (result instanceof PushWithRetry.NothingToPush<AppliedChange> nothing) {
                head = nothing.built().head();
            } else if (result instanceof PushWithRetry.Rejected<AppliedChange> rejected) {
                return new TargetResult.Failed(target.app(), target.env(), true,
                        "the config repository refused the push to " + branch + ": " + rejected.reason());
            } else {
                PushWithRetry.Failed<AppliedChange> failed = (PushWithRetry.Failed<AppliedChange>) result;
                return new TargetResult.Failed(target.app(), target.env(), failed.permanent(), failed.reason());
            }
            PullRequest pr = pullRequests.ensure(branch, git.settings().branch(),
                    CommitMessages.pullRequestTitle(change), message);
            if (pr.created()) {
                metrics.pullRequestOpened();
            }
            Event<ConfigChanged> event = ChangeEvents.of(change, settings.repository().name(),
                    git.settings().branch(), head.name(), mainHead.name(), pr.url(), clock.instant());
            String failure = announcements.publish(event);
            if (failure != null) {
                return new TargetResult.Failed(target.app(), target.env(), false,
                        "pull request " + pr.url() + " is open but config.changed is not published yet: " + failure);
            }
            return new TargetResult.PullRequestOpened(target.app(), target.env(), event, pr.created());
        } catch (ValuesEditException e) {
            return new TargetResult.Failed(target.app(), target.env(), true, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            return new TargetResult.Failed(target.app(), target.env(), false, e.getMessage());
        } catch (GitHubException e) {
            return new TargetResult.Failed(target.app(), target.env(), e.permanent(), e.getMessage());
        } catch (GitException e) {
            return new TargetResult.Failed(target.app(), target.env(), !e.isTransient(), e.getMessage());
        }
    }

    /** The bump committed on {@code base} (the pull request branch, or the config branch for a new one). */
    private ObjectId commit(ObjectId base, Target target, String message) {
        String text = git.readFile(base, target.valuesFile(), settings.repository().maxFileBytes()).orElse("");
        String tag = LatestWins.artifact(target).tag();
        String edited = ValuesEditor.set(text, target.valuesFile(), target.valuesKey(), tag);
        return git.commit(base, Map.of(target.valuesFile(), edited), Set.of(), message,
                settings.identity().author().now(), settings.identity().committer().now());
    }
}
