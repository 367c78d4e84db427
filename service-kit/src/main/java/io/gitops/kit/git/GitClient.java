package io.gitops.kit.git;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The platform's one Git client: a single-branch clone of one repository in a directory of its own, fetched on demand
 * (the working tree then shows the fetched head), read at any commit, extended by commits built in memory, and pushed
 * to by compare-and-swap only (never force). Also one-off checkouts of a commit and a readiness probe.
 *
 * <p>Guarantees: every network operation honours {@link GitRepositorySettings#timeout()} (JGit's transport timeout:
 * connecting and each wait for the remote); every failure is a {@link GitException} saying whether it is transient;
 * a push rejection is a {@link PushResult.Rejected}, never an exception; messages never show a secret or user info.
 *
 * <p>Threads: {@link #fetch()}, {@link #fetchBranch}, {@link #push}, {@link #commit}, {@link #maintain} and
 * {@link #close()} are serialised; reads at a commit ({@link #readFile}, {@link #log}, {@link #export}, ...) may run
 * concurrently with them.
 */
public final class GitClient implements AutoCloseable {

    private static final String ORIGIN = "origin";
    /** Loose objects before {@link #maintain()} packs the clone (JGit's default of 6700 is meant for people). */
    private static final int GC_LOOSE_OBJECTS = 1000;
    private static final int GC_PACKS = 20;

    private final GitRepositorySettings settings;
    private final Path directory;
    private final Git git;
    private final Repository repository;
    /** The commit the working tree was last reset to (null before the first fetch: a reused clone is repaired). */
    private ObjectId workTreeAt;

    private GitClient(GitRepositorySettings settings, Path directory, Git git) {
        this.settings = settings;
        this.directory = directory;
        this.git = git;
        this.repository = git.getRepository();
    }

    /**
     * Opens the clone of {@code settings}' branch in {@code directory} and fetches it. The clone is made when the
     * directory is missing or empty (an empty remote is fine: {@link #head()} is then empty until a first push);
     * a clone there of this URL is reused after clearing a crashed writer's index lock; a clone of another URL, or
     * one that cannot be opened, is replaced. A non-empty directory that is not a clone is refused, never deleted.
     *
     * @throws GitException when the remote cannot be fetched or the directory cannot be used
     */
    public static GitClient open(Path directory, GitRepositorySettings settings) {
        Git git = prepare(directory, settings);
        GitClient client = new GitClient(settings, directory, git);
        try {
            client.fetch();
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static Git prepare(Path directory, GitRepositorySettings settings) {
        try {
            if (Files.isDirectory(directory.resolve(".git"))) {
                Optional<Git> reused = reuse(directory, settings);
                if (reused.isPresent()) {
                    return reused.get();
                }
                Directories.deleteRecursively(directory);
            } else if (!Directories.isMissingOrEmpty(directory)) {
                throw new GitException(GitException.Kind.PERMANENT, directory
                        + " is neither empty nor a Git clone: refusing to replace it with a clone of "
                        + settings.displayUrl(), null);
            }
            Files.createDirectories(directory);
            Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch(settings.branch()).call();
            configureOrigin(git.getRepository(), settings);
            return git;
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (e instanceof GitException failure) {
                throw failure;
            }
            throw new GitException(GitException.Kind.PERMANENT, "cannot prepare the clone of "
                    + settings.displayUrl() + " in " + directory + ": " + messages(e), e);
        }
    }

    private static Optional<Git> reuse(Path directory, GitRepositorySettings settings) {
        try {
            Git existing = Git.open(directory.toFile());
            String origin = existing.getRepository().getConfig().getString("remote", ORIGIN, "url");
            if (settings.url().equals(origin) && existing.getRepository().getObjectDatabase().exists()) {
                Files.deleteIfExists(existing.getRepository().getDirectory().toPath().resolve("index.lock"));
                configureOrigin(existing.getRepository(), settings);
                return Optional.of(existing);
            }
            existing.close();
        } catch (IOException | RuntimeException e) {
            // not a usable clone: replaced by a fresh one
        }
        return Optional.empty();
    }

    private static void configureOrigin(Repository repository, GitRepositorySettings settings) throws IOException {
        StoredConfig config = repository.getConfig();
        config.setString("remote", ORIGIN, "url", settings.url());
        config.setString("remote", ORIGIN, "fetch", branchSpec(settings.branch()).toString());
        config.save();
    }

    public GitRepositorySettings settings() {
        return settings;
    }

    /** The clone's working tree: the files of the last fetched head. */
    public Path workTree() {
        return directory;
    }

    /** The URL without user info or query, for logs. */
    public String displayUrl() {
        return settings.displayUrl();
    }

    /** The last fetched (or pushed) head of the branch; empty while the branch does not exist on the remote. */
    public Optional<ObjectId> head() {
        return trackingHead(settings.branch());
    }

    /**
     * Fetches the branch and resets the working tree to it (local changes and untracked files are dropped).
     *
     * @throws GitException when the remote cannot be reached or refuses the fetch
     */
    public synchronized FetchResult fetch() {
        Optional<ObjectId> previous = head();
        Optional<ObjectId> head = fetchInto(settings.branch());
        if (head.isPresent() && !head.get().equals(workTreeAt)) {
            // only when the tree shows another commit: a reset and clean walk the whole tree (tens of ms per poll)
            try {
                git.reset().setMode(ResetType.HARD).setRef(tracking(settings.branch())).call();
                git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
                workTreeAt = head.get();
            } catch (GitAPIException | RuntimeException e) {
                throw failure("reset of the working tree", settings, e, null);
            }
        }
        return new FetchResult(previous, head);
    }

    /**
     * Fetches another branch of the same remote (a pull-request branch) without touching the working tree.
     *
     * @return its head, empty when the remote has no such branch
     */
    public synchronized Optional<ObjectId> fetchBranch(String branch) {
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new IllegalArgumentException("'" + branch + "' is not a valid Git branch name");
        }
        return fetchInto(branch);
    }

    private Optional<ObjectId> fetchInto(String branch) {
        JGitCredentials credentials = JGitCredentials.of(settings.credentials());
        try {
            git.fetch().setRemote(ORIGIN).setRefSpecs(branchSpec(branch)).setCredentialsProvider(credentials)
                    .setTimeout(settings.timeoutSeconds()).call();
        } catch (GitAPIException | RuntimeException e) {
            if (JGitCredentials.failureOf(credentials) == null && isMissingRef(e)) {
                deleteTracking(branch);
                return Optional.empty();
            }
            throw failure("fetch of branch " + branch, settings, e, credentials);
        }
        return trackingHead(branch);
    }

    private void deleteTracking(String branch) {
        try {
            if (repository.exactRef(tracking(branch)) != null) {
                RefUpdate update = repository.updateRef(tracking(branch));
                update.setForceUpdate(true);
                update.delete();
            }
        } catch (IOException e) {
            throw failure("removal of the deleted branch " + branch, settings, e, null);
        }
    }

    private Optional<ObjectId> trackingHead(String branch) {
        try {
            Ref ref = repository.exactRef(tracking(branch));
            return Optional.ofNullable(ref).map(Ref::getObjectId);
        } catch (IOException e) {
            throw failure("reading the head of " + branch, settings, e, null);
        }
    }

    /**
     * Builds a commit on {@code parent} (null: a root commit, for an empty repository) writing {@code files} (path to
     * UTF-8 content; an executable file stays executable) and deleting {@code deletions}. Neither the working tree nor
     * any ref changes: only {@link #push} publishes it.
     *
     * @return the new commit, or {@code parent} itself when nothing changes (there are never empty commits)
     * @throws IllegalArgumentException for a path Git cannot hold (absolute, {@code ..}, {@code .git})
     */
    public synchronized ObjectId commit(ObjectId parent, Map<String, String> files, Set<String> deletions,
            String message, PersonIdent author, PersonIdent committer) {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            RevCommit parentCommit = parent == null ? null : walk.parseCommit(parent);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parentCommit != null) {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, walk.getObjectReader(), parentCommit.getTree());
            }
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (String path : deletions) {
                editor.add(new DirCacheEditor.DeletePath(path));
            }
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
            if (parentCommit != null && tree.equals(parentCommit.getTree())) {
                return parentCommit.copy();
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (parentCommit != null) {
                commit.setParentId(parentCommit);
            }
            commit.setAuthor(author);
            commit.setCommitter(committer);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        } catch (IOException e) {
            throw failure("building a commit on " + (parent == null ? "no parent" : parent.name()), settings, e,
                    null);
        }
    }

    /** {@link #push(String, ObjectId, ObjectId)} to the configured branch. */
    public PushResult push(ObjectId localCommit, ObjectId expectedRemoteHead) {
        return push(settings.branch(), localCommit, expectedRemoteHead);
    }

    /**
     * Pushes {@code localCommit} to {@code branch} as a compare-and-swap: the remote updates the branch only when it
     * still points at {@code expectedRemoteHead} (null or the zero id: only when the branch does not exist yet), and
     * only as a fast-forward. On success the local view of the branch ({@link #head()}) is the pushed commit; the
     * working tree follows at the next {@link #fetch()}.
     *
     * @throws GitException when the remote cannot be reached (a rejection is returned, not thrown)
     */
    public synchronized PushResult push(String branch, ObjectId localCommit, ObjectId expectedRemoteHead) {
        String remoteRef = Constants.R_HEADS + branch;
        ObjectId expected = expectedRemoteHead == null ? ObjectId.zeroId() : expectedRemoteHead;
        JGitCredentials credentials = JGitCredentials.of(settings.credentials());
        try (Transport transport = Transport.open(repository, ORIGIN)) {
            transport.setCredentialsProvider(credentials);
            transport.setTimeout(settings.timeoutSeconds());
            RemoteRefUpdate update = new RemoteRefUpdate(repository, null, localCommit, remoteRef, false,
                    tracking(branch), expected);
            RemoteRefUpdate outcome = transport.push(NullProgressMonitor.INSTANCE, List.of(update))
                    .getRemoteUpdate(remoteRef);
            String message = outcome.getMessage() == null ? "" : outcome.getMessage();
            return switch (outcome.getStatus()) {
                case OK, UP_TO_DATE -> new PushResult.Pushed(localCommit.copy());
                case REJECTED_NONFASTFORWARD -> new PushResult.Rejected(PushResult.Reason.NON_FAST_FORWARD, message);
                case REJECTED_REMOTE_CHANGED -> new PushResult.Rejected(PushResult.Reason.REMOTE_MOVED, message);
                case REJECTED_OTHER_REASON -> new PushResult.Rejected(lostRace(message)
                        ? PushResult.Reason.LOCK_FAILURE : PushResult.Reason.REFUSED, message);
                case REJECTED_NODELETE, NON_EXISTING -> new PushResult.Rejected(PushResult.Reason.REFUSED,
                        outcome.getStatus() + (message.isEmpty() ? "" : ": " + message));
                default -> throw new GitException(GitException.Kind.TRANSIENT, "push to " + displayUrl()
                        + " ended " + outcome.getStatus() + (message.isEmpty() ? "" : ": " + message), null);
            };
        } catch (URISyntaxException | IOException | RuntimeException e) {
            if (e instanceof GitException failure) {
                throw failure;
            }
            throw failure("push of " + localCommit.name() + " to branch " + branch, settings, e, credentials);
        }
    }

    /**
     * Whether a refusal means another push moved the ref first: the server's own compare-and-swap failed ("failed to
     * lock", "lock error") or the old id sent no longer matched ("invalid old id sent", "stale info").
     */
    static boolean lostRace(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("lock") || lower.contains("old id") || lower.contains("stale info");
    }

    /**
     * The UTF-8 content of {@code path} at {@code commit}; empty when there is no such path.
     *
     * @throws GitException (permanent) when the path is not a regular file or is larger than {@code maxBytes}, or the
     *                      commit is unknown
     */
    public Optional<String> readFile(ObjectId commit, String path, long maxBytes) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, parsed.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                FileMode mode = tree.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    throw new GitException(GitException.Kind.PERMANENT, path + " at " + commit.name()
                            + " is not a regular file", null);
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > maxBytes) {
                    throw new GitException(GitException.Kind.PERMANENT, path + " at " + commit.name()
                            + " is larger than " + maxBytes + " bytes (" + loader.getSize() + ")", null);
                }
                return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw failure("reading " + path + " at " + commit.name(), settings, e, null);
        }
    }

    /** The Git id of the file or directory at {@code path} in {@code commit} (equal ids: equal content). */
    public Optional<ObjectId> objectId(ObjectId commit, String path) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(commit);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, parsed.getTree())) {
                return tree == null ? Optional.empty() : Optional.of(tree.getObjectId(0).copy());
            }
        } catch (IOException e) {
            throw failure("looking up " + path + " at " + commit.name(), settings, e, null);
        }
    }

    /** The paths of the regular files under {@code directory} ("" for all) in {@code commit}, in tree order. */
    public List<String> files(ObjectId commit, String directory) {
        List<String> paths = new ArrayList<>();
        walkFiles(commit, directory, (path, reader, blob) -> paths.add(path));
        return paths;
    }

    /**
     * Writes the regular files of {@code commit} into {@code target}: first into a sibling {@code .partial}
     * directory, then moved into place, so a reader never sees half a tree. A {@code target} that already exists is
     * taken as an earlier export of the same commit and returned untouched: export each commit to its own directory.
     */
    public Path export(ObjectId commit, Path target) {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Directories.deleteRecursively(partial);
            Files.createDirectories(partial);
            walkFiles(commit, "", (path, reader, blob) -> {
                Path file = partial.resolve(path).normalize();
                if (!file.startsWith(partial)) {
                    return;
                }
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    reader.open(blob).copyTo(out);
                }
            });
            Files.move(partial, target);
            return target;
        } catch (IOException | UncheckedIOException e) {
            throw failure("export of " + commit.name() + " to " + target, settings, e, null);
        }
    }

    @FunctionalInterface
    private interface FileVisitor {
        void visit(String path, ObjectReader reader, ObjectId blob) throws IOException;
    }

    private void walkFiles(ObjectId commit, String directory, FileVisitor visitor) {
        try (RevWalk walk = new RevWalk(repository); ObjectReader reader = repository.newObjectReader();
             TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            String prefix = directory.replaceAll("^/+|/+$", "");
            if (!prefix.isEmpty()) {
                tree.setFilter(PathFilter.create(prefix));
            }
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    visitor.visit(tree.getPathString(), reader, tree.getObjectId(0));
                }
            }
        } catch (IOException e) {
            throw failure("reading the tree of " + commit.name(), settings, e, null);
        }
    }

    /** Up to {@code maxCount} commits reachable from {@code from}, newest first. */
    public List<CommitInfo> log(ObjectId from, int maxCount) {
        return walk(from, null, null, maxCount);
    }

    /**
     * Up to {@code maxCount} commits reachable from {@code from} but not from {@code since} (null: no bound), newest
     * first; merged-in commits are included whatever their dates.
     */
    public List<CommitInfo> logSince(ObjectId from, ObjectId since, int maxCount) {
        return walk(from, since, null, maxCount);
    }

    /** Up to {@code maxCount} commits reachable from {@code from} that changed {@code path}, newest first. */
    public List<CommitInfo> logOfPath(ObjectId from, String path, int maxCount) {
        return walk(from, null, path, maxCount);
    }

    private List<CommitInfo> walk(ObjectId from, ObjectId since, String path, int maxCount) {
        List<CommitInfo> commits = new ArrayList<>();
        try {
            if (path != null) {
                for (RevCommit commit : git.log().add(from).addPath(path).setMaxCount(maxCount).call()) {
                    commits.add(CommitInfo.of(commit));
                }
                return commits;
            }
            try (RevWalk walk = new RevWalk(repository)) {
                walk.markStart(walk.parseCommit(from));
                if (since != null) {
                    walk.markUninteresting(walk.parseCommit(since));
                }
                for (RevCommit commit : walk) {
                    if (commits.size() >= maxCount) {
                        break;
                    }
                    walk.parseBody(commit);
                    commits.add(CommitInfo.of(commit));
                }
            }
            return commits;
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw failure("walking the history from " + from.name(), settings, e, null);
        }
    }

    /** {@link #maintain(int, int)} with thresholds fit for a long-running service's clone. */
    public boolean maintain() {
        return maintain(GC_LOOSE_OBJECTS, GC_PACKS);
    }

    /**
     * Packs the clone when fetches and commits left at least {@code looseObjectLimit} loose objects or
     * {@code packLimit} packs, so a long-running clone stays fast; returns whether it did.
     */
    public synchronized boolean maintain(int looseObjectLimit, int packLimit) {
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
            throw failure("housekeeping of the clone", settings, e, null);
        }
    }

    /**
     * Checks {@code commit} out into a fresh {@code directory} (deleted first) from {@code repository}'s URL, fetching
     * as little as possible: the tip of its branch shallowly, then the whole branch, then the commit by id. What a
     * build of an application repository at a commit needs; no clone is kept.
     *
     * @throws GitException permanent when {@code commit} is not a SHA or exists neither on the branch nor by id;
     *                      transient when the remote cannot be reached
     */
    public static Checkout checkout(GitRepositorySettings repository, String commit, Path directory) {
        return new CommitCheckout(repository).checkout(commit, directory);
    }

    /** Whether the remote answers an ls-remote of its branches within {@code timeout} (readiness; no clone needed). */
    public static boolean answers(GitRepositorySettings settings, Duration timeout) {
        try {
            Git.lsRemoteRepository().setRemote(settings.url()).setHeads(true)
                    .setCredentialsProvider(JGitCredentials.of(settings.credentials()))
                    .setTimeout(settings.withTimeout(timeout).timeoutSeconds()).call();
            return true;
        } catch (GitAPIException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The head of {@code settings}' branch on the remote, by one {@code git ls-remote} (no clone, no object
     * transfer); empty when the branch does not exist. What a reconciler polls to find pushes no webhook announced.
     *
     * @throws GitException transient when the remote cannot be reached, permanent when it refuses the credentials
     *                      or the repository does not exist
     */
    public static Optional<ObjectId> remoteHead(GitRepositorySettings settings) {
        JGitCredentials credentials = JGitCredentials.of(settings.credentials());
        try {
            String branch = Constants.R_HEADS + settings.branch();
            return Git.lsRemoteRepository().setRemote(settings.url()).setHeads(true)
                    .setCredentialsProvider(credentials).setTimeout(settings.timeoutSeconds()).call().stream()
                    .filter(ref -> branch.equals(ref.getName())).map(Ref::getObjectId).findFirst();
        } catch (GitAPIException | RuntimeException e) {
            throw failure("ls-remote of branch " + settings.branch(), settings, e, credentials);
        }
    }

    /** {@code url} without user info, query or fragment, fit for logs and events. */
    public static String displayUrl(String url) {
        return GitUrls.display(url);
    }

    /** Releases the repository; the clone stays on disk for the next {@link #open}. */
    @Override
    public synchronized void close() {
        git.close();
    }

    static GitException failure(String what, GitRepositorySettings settings, Throwable error,
            JGitCredentials credentials) {
        RuntimeException unreadable = JGitCredentials.failureOf(credentials);
        if (unreadable != null) {
            return new GitException(GitException.Kind.PERMANENT, what + " of " + settings.displayUrl()
                    + " failed: the credentials could not be read: " + unreadable.getMessage(), unreadable);
        }
        String detail = messages(error).replace(settings.url(), settings.displayUrl());
        return GitException.of(what + " of " + settings.displayUrl() + " failed: " + detail, error);
    }

    /** The messages of {@code error} and its causes, joined. */
    static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (text.indexOf(message) >= 0) {
                continue;
            }
            if (text.length() == 0) {
                text.append(message);
            } else {
                text.append(" (").append(message).append(')');
            }
        }
        return text.toString();
    }

    /** Whether a fetch failed only because the remote has no such branch (JGit's own message, any locale). */
    static boolean isMissingRef(Throwable error) {
        String messages = messages(error);
        String[] around = JGitText.get().remoteDoesNotHaveSpec.split("\\{0\\}", -1);
        boolean jgit = messages.contains(around[0]) && (around.length < 2 || messages.contains(around[1]));
        return jgit || messages.contains("couldn't find remote ref");
    }

    private static RefSpec branchSpec(String branch) {
        return new RefSpec("+" + Constants.R_HEADS + branch + ":" + tracking(branch));
    }

    private static String tracking(String branch) {
        return Constants.R_REMOTES + ORIGIN + "/" + branch;
    }
}
