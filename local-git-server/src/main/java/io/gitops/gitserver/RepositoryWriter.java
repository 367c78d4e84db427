package io.gitops.gitserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Creates bare repositories and writes commits straight into them (no working tree, no transport): the way the
 * server seeds repositories and the way an "outsider" commit lands while a client holds a stale clone.
 */
final class RepositoryWriter {

    private static final int MAX_ATTEMPTS = 5;

    private final RepositoryLocator locator;

    RepositoryWriter(RepositoryLocator locator) {
        this.locator = locator;
    }

    /** Creates {@code owner/name} with {@code branch} as HEAD and one root commit holding {@code files}. */
    BranchUpdate create(String owner, String name, String branch, List<SeedFile> files, PersonIdent author,
            String message) throws IOException {
        branchRef(branch);
        Path directory = locator.directoryOf(owner, name);
        if (Files.exists(directory)) {
            throw new IllegalStateException("repository already exists: " + owner + "/" + name);
        }
        Files.createDirectories(directory.getParent());
        try (Git ignored = Git.init().setBare(true).setGitDir(directory.toFile()).setInitialBranch(branch).call()) {
            // The bare repository exists once init returns; the first commit is written below.
        } catch (GitAPIException e) {
            throw new IOException("cannot create repository " + owner + "/" + name, e);
        }
        return commit(owner, name, branch, files, List.of(), author, message);
    }

    /**
     * Commits {@code files} (written or replaced) and {@code deletions} on top of the branch tip, creating the branch
     * when missing; retries when a concurrent push moves the branch in between.
     */
    BranchUpdate commit(String owner, String name, String branch, List<SeedFile> files, Collection<String> deletions,
            PersonIdent author, String message) throws IOException {
        String ref = branchRef(branch);
        deletions.forEach(SeedFile::validPath);
        try (Repository repository = locator.open(owner, name)) {
            for (int attempt = 1; ; attempt++) {
                BranchUpdate update = tryCommit(repository, ref, files, deletions, author, message);
                if (update != null) {
                    return update;
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new IOException("could not update " + ref + " of " + owner + "/" + name
                            + ": it kept moving concurrently");
                }
            }
        }
    }

    private static BranchUpdate tryCommit(Repository repository, String ref, List<SeedFile> files,
            Collection<String> deletions, PersonIdent author, String message) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            Ref current = repository.exactRef(ref);
            ObjectId parentId = current == null ? null : current.getObjectId();
            DirCache index = DirCache.newInCore();
            if (parentId != null) {
                RevCommit parent = walk.parseCommit(parentId);
                DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, walk.getObjectReader(), parent.getTree());
                builder.finish();
            }
            DirCacheEditor editor = index.editor();
            for (SeedFile file : files) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.content());
                FileMode mode = file.executable() ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
                editor.add(new DirCacheEditor.PathEdit(file.path()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(mode);
                        entry.setObjectId(blob);
                    }
                });
            }
            deletions.forEach(path -> editor.add(new DirCacheEditor.DeletePath(path)));
            editor.finish();

            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parentId != null) {
                commit.setParentId(parentId);
            }
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message);
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();

            RefUpdate update = repository.updateRef(ref);
            update.setExpectedOldObjectId(parentId == null ? ObjectId.zeroId() : parentId);
            update.setNewObjectId(commitId);
            update.setRefLogIdent(author);
            update.setRefLogMessage("commit: " + firstLine(message), false);
            RefUpdate.Result result = update.update(walk);
            return switch (result) {
                case NEW, FAST_FORWARD -> new BranchUpdate(ref, parentId == null ? ObjectId.zeroId() : parentId,
                        commitId);
                case LOCK_FAILURE -> null;
                default -> throw new IOException("cannot update " + ref + ": " + result);
            };
        }
    }

    static String branchRef(String branch) {
        String ref = Constants.R_HEADS + branch;
        if (!Repository.isValidRefName(ref)) {
            throw new IllegalArgumentException("invalid branch name: " + branch);
        }
        return ref;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
