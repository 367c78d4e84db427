package io.gitops.gitserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads branch tips, files and history out of the bare repositories, for assertions. */
final class RepositoryReader {

    private final RepositoryLocator locator;

    RepositoryReader(RepositoryLocator locator) {
        this.locator = locator;
    }

    String headOf(String owner, String name, String branch) throws IOException {
        try (Repository repository = locator.open(owner, name)) {
            return tip(repository, owner, name, branch).name();
        }
    }

    Optional<String> readFile(String owner, String name, String branch, String path) throws IOException {
        SeedFile.validPath(path);
        try (Repository repository = locator.open(owner, name); RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(tip(repository, owner, name, branch));
            try (TreeWalk file = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (file == null || (file.getRawMode(0) & FileMode.TYPE_MASK)
                        != FileMode.TYPE_FILE) {
                    return Optional.empty();
                }
                byte[] bytes = repository.open(file.getObjectId(0), Constants.OBJ_BLOB).getBytes();
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    /** The history of {@code branch}, newest first. */
    List<GitCommit> log(String owner, String name, String branch) throws IOException {
        try (Repository repository = locator.open(owner, name); RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(tip(repository, owner, name, branch)));
            List<GitCommit> commits = new ArrayList<>();
            for (RevCommit commit : walk) {
                commits.add(CommitDescriber.describe(walk, commit));
            }
            return commits;
        }
    }

    /** Short names of all branches, sorted. */
    List<String> branches(String owner, String name) throws IOException {
        try (Repository repository = locator.open(owner, name)) {
            return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                    .map(ref -> Repository.shortenRefName(ref.getName()))
                    .sorted()
                    .toList();
        }
    }

    private static ObjectId tip(Repository repository, String owner, String name, String branch)
            throws IOException {
        Ref ref = repository.exactRef(RepositoryWriter.branchRef(branch));
        if (ref == null || ref.getObjectId() == null) {
            throw new NoSuchElementException("no branch " + branch + " in " + owner + "/" + name);
        }
        return ref.getObjectId();
    }
}
