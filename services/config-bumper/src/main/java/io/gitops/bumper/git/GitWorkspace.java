package io.gitops.bumper.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A warm single-branch JGit clone of the config repository in a work directory. Before each batch it fetches and
 * resets to the remote branch; commits are built in memory on top of a given parent (the working tree is never
 * edited, so a failed attempt leaves nothing behind) and pushed without force, with the parent as the expected old
 * value of the remote ref. Not thread-safe: one writer thread owns it.
 */
public final class GitWorkspace implements AutoCloseable {

    private static final String ORIGIN = "origin";
    /** Loose objects (fetches, commits) before {@link #maintain()} packs them; JGit's default 6700 is for people. */
    private static final int GC_AUTO = 1000;
    private static final int GC_AUTO_PACK_LIMIT = 20;

    private final Git git;
    private final Repository repository;
    private final String branch;
    private final GitAuth auth;
    private final int timeoutSeconds;
    private final String url;
    private final String displayUrl;

    private GitWorkspace(Git git, String url, String branch, GitAuth auth, Duration timeout) {
        this.git = git;
        this.repository = git.getRepository();
        this.branch = branch;
        this.auth = auth;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        this.url = url;
        this.displayUrl = displayUrl(url);
    }

    /**
     * Opens the clone of {@code url}'s {@code branch} under {@code workDirectory}, cloning it (single branch) when
     * there is none yet or the one there is for another remote.
     *
     * @throws GitUnavailableException when the remote cannot be cloned
     */
    public static GitWorkspace open(Path workDirectory, String url, String branch, GitAuth auth, Duration timeout) {
        Path directory = workDirectory.resolve("clone-" + Integer.toHexString((url + "#" + branch).hashCode()));
        int seconds = (int) Math.max(1, timeout.toSeconds());
        if (Files.isDirectory(directory.resolve(".git"))) {
            try {
                Git existing = Git.open(directory.toFile());
                String origin = existing.getRepository().getConfig().getString("remote", ORIGIN, "url");
                if (url.equals(origin)) {
                    return new GitWorkspace(existing, url, branch, auth, timeout);
                }
                existing.close();
            } catch (IOException e) {
                // Not a usable clone: cloned afresh below.
            }
        }
        deleteRecursively(directory);
        try {
            Files.createDirectories(workDirectory);
            Git git = Git.cloneRepository().setURI(url).setDirectory(directory.toFile()).setBranch(branch)
                    .setBranchesToClone(List.of(Constants.R_HEADS + branch)).setCloneAllBranches(false)
                    .setCredentialsProvider(auth.credentials()).setTimeout(seconds).call();
            return new GitWorkspace(git, url, branch, auth, timeout);
        } catch (GitAPIException | IOException | RuntimeException e) {
            deleteRecursively(directory);
            throw new GitUnavailableException("cannot clone " + displayUrl(url) + " (branch " + branch + "): "
                    + scrub(e.getMessage(), url), e);
        }
    }

    public String branch() {
        return branch;
    }

    /** The remote URL without any user info, fit for logs and events. */
    public String displayUrl() {
        return displayUrl;
    }

    /** Fetches the branch and resets the clone to it; returns the remote head. */
    public ObjectId sync() {
        try {
            git.fetch().setRemote(ORIGIN).setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking(branch)))
                    .setCredentialsProvider(auth.credentials()).setTimeout(timeoutSeconds).call();
            git.reset().setMode(ResetType.HARD).setRef(tracking(branch)).call();
            return head();
        } catch (GitAPIException | RuntimeException e) {
            throw unavailable("fetch", e);
        }
    }

    /** The last fetched head of the branch. */
    public ObjectId head() {
        return trackingHead(branch).orElseThrow(() -> new GitUnavailableException(
                "no fetched head for branch " + branch + " of " + displayUrl, null));
    }

    /** The last fetched head of any branch, if it was fetched. */
    public Optional<ObjectId> trackingHead(String remoteBranch) {
        try {
            Ref ref = repository.exactRef(tracking(remoteBranch));
            return Optional.ofNullable(ref).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fetches the remote branches {@code <prefix>/*} (pruning deleted ones) and returns the head of
     * {@code <prefix>/<name>} if it exists.
     */
    public Optional<ObjectId> fetchBranch(String prefix, String name) {
        try {
            git.fetch().setRemote(ORIGIN)
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + prefix + "/*:" + tracking(prefix) + "/*"))
                    .setRemoveDeletedRefs(true)
                    .setCredentialsProvider(auth.credentials()).setTimeout(timeoutSeconds).call();
        } catch (GitAPIException | RuntimeException e) {
            throw unavailable("fetch " + prefix + "/*", e);
        }
        return trackingHead(prefix + "/" + name);
    }

    /** The UTF-8 content of {@code path} in {@code commit}; empty when there is no such file. */
    public Optional<String> read(ObjectId commit, String path, long maxBytes) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, parsed.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                FileMode mode = tree.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    throw new UnusableFileException(path + " is not a regular file");
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > maxBytes) {
                    throw new UnusableFileException(path + " is larger than " + maxBytes + " bytes ("
                            + loader.getSize() + ")");
                }
                return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " at " + commit.name(), e);
        }
    }

    /**
     * Builds a commit on top of {@code parent} writing {@code files} (path to UTF-8 content); returns {@code parent}
     * itself when that changes nothing, so there are never empty commits.
     */
    public ObjectId commit(ObjectId parent, Map<String, String> files, String message, PersonIdent author,
                           PersonIdent committer) {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            RevCommit parentCommit = walk.parseCommit(parent);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, walk.getObjectReader(), parentCommit.getTree());
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, String> file : files.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        if (entry.getFileMode() != FileMode.EXECUTABLE_FILE) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                        }
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            if (tree.equals(parentCommit.getTree())) {
                return parentCommit.copy();
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(parent);
            commit.setAuthor(author);
            commit.setCommitter(committer);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a commit on " + parent.name(), e);
        }
    }

    /**
     * Pushes {@code head} to {@code remoteBranch} without force, expecting the remote ref at {@code expectedOld}
     * ({@code null}: the branch must not exist yet).
     */
    public PushOutcome push(ObjectId head, String remoteBranch, ObjectId expectedOld) {
        String remoteRef = Constants.R_HEADS + remoteBranch;
        try (Transport transport = Transport.open(repository, ORIGIN)) {
            transport.setCredentialsProvider(auth.credentials());
            transport.setTimeout(timeoutSeconds);
            RemoteRefUpdate update = new RemoteRefUpdate(repository, null, head, remoteRef, false,
                    tracking(remoteBranch), expectedOld == null ? ObjectId.zeroId() : expectedOld);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate outcome = result.getRemoteUpdate(remoteRef);
            String message = outcome.getMessage() == null ? "" : outcome.getMessage();
            return switch (outcome.getStatus()) {
                case OK, UP_TO_DATE -> new PushOutcome.Pushed(head);
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> new PushOutcome.Conflict(
                        outcome.getStatus() + (message.isEmpty() ? "" : ": " + message));
                case REJECTED_OTHER_REASON -> lostRace(message)
                        ? new PushOutcome.Conflict("the ref moved while pushing: " + message)
                        : new PushOutcome.Rejected(message.isEmpty() ? "rejected by the remote" : message);
                case REJECTED_NODELETE, NON_EXISTING -> new PushOutcome.Rejected(outcome.getStatus().toString());
                default -> new PushOutcome.Unavailable("push ended " + outcome.getStatus()
                        + (message.isEmpty() ? "" : ": " + message));
            };
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return new PushOutcome.Unavailable("push to " + displayUrl + " failed: " + scrub(e.getMessage(), url));
        }
    }

    /**
     * Whether a refusal means another push moved the ref first: the server's compare-and-swap on the ref failed
     * ("failed to lock", "lock error") or the old id we sent no longer matched ("invalid old id sent").
     */
    static boolean lostRace(String message) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("lock") || lower.contains("old id") || lower.contains("stale info");
    }

    /** Up to {@code max} commits reachable from {@code from}, newest first. */
    public List<RevCommit> log(ObjectId from, int max) {
        return log(from, null, max);
    }

    /**
     * Up to {@code max} commits reachable from {@code from} but not from {@code since} (null: no lower bound), newest
     * first; merged-in commits are included whatever their dates.
     */
    public List<RevCommit> log(ObjectId from, ObjectId since, int max) {
        List<RevCommit> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(from));
            if (since != null) {
                walk.markUninteresting(walk.parseCommit(since));
            }
            for (RevCommit commit : walk) {
                if (commits.size() >= max) {
                    break;
                }
                walk.parseBody(commit);
                commits.add(commit);
            }
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the history from " + from.name(), e);
        }
    }

    /**
     * Packs the clone when fetches and commits left many loose objects or packs, so a long-running clone stays fast;
     * returns whether it did.
     */
    public boolean maintain() {
        return maintain(GC_AUTO, GC_AUTO_PACK_LIMIT);
    }

    /** {@link #maintain()} with explicit thresholds. */
    public boolean maintain(int looseObjectLimit, int packLimit) {
        try {
            Properties statistics = git.gc().getStatistics();
            long loose = ((Number) statistics.getOrDefault("numberOfLooseObjects", 0L)).longValue();
            long packs = ((Number) statistics.getOrDefault("numberOfPackFiles", 0L)).longValue();
            if (loose < looseObjectLimit && packs < packLimit) {
                return false;
            }
            git.gc().call();
            return true;
        } catch (GitAPIException | RuntimeException e) {
            throw new GitUnavailableException("housekeeping of the clone failed: " + e.getMessage(), e);
        }
    }

    private GitUnavailableException unavailable(String what, Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new GitUnavailableException(what + " of " + displayUrl + " failed: " + scrub(cause.getMessage(), url),
                e);
    }

    /** Error messages quote the remote URL: never with user info in it. */
    private static String scrub(String message, String url) {
        return message == null ? "" : message.replace(url, displayUrl(url));
    }

    private static String tracking(String remoteBranch) {
        return Constants.R_REMOTES + ORIGIN + "/" + remoteBranch;
    }

    /** {@code url} without any user info, fit for logs and events. */
    public static String displayUrlOf(String url) {
        return displayUrl(url);
    }

    /** Whether {@code url} answers an ls-remote within {@code timeout} (readiness; needs no clone). */
    public static boolean answers(String url, GitAuth auth, Duration timeout) {
        try {
            Git.lsRemoteRepository().setRemote(url).setHeads(true).setCredentialsProvider(auth.credentials())
                    .setTimeout((int) Math.max(1, timeout.toSeconds())).call();
            return true;
        } catch (GitAPIException | RuntimeException e) {
            return false;
        }
    }

    static String displayUrl(String url) {
        try {
            return new URIish(url).setUser(null).setPass(null).toString();
        } catch (URISyntaxException e) {
            return "<config repository>";
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + directory, e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
