package io.gitops.gitserver;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Turns a JGit commit into a {@link GitCommit}, with the paths it changed relative to its first parent. */
final class CommitDescriber {

    private CommitDescriber() {
    }

    static GitCommit describe(RevWalk walk, RevCommit commit) throws IOException {
        RevCommit parsed = walk.parseCommit(commit);
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        ObjectReader reader = walk.getObjectReader();
        try (TreeWalk diff = new TreeWalk(reader)) {
            diff.setRecursive(true);
            diff.setFilter(TreeFilter.ANY_DIFF);
            if (parsed.getParentCount() == 0) {
                diff.addTree(new EmptyTreeIterator());
            } else {
                diff.addTree(new CanonicalTreeParser(null, reader, walk.parseCommit(parsed.getParent(0)).getTree()));
            }
            diff.addTree(parsed.getTree());
            while (diff.next()) {
                String path = diff.getPathString();
                if (diff.getFileMode(0) == FileMode.MISSING) {
                    added.add(path);
                } else if (diff.getFileMode(1) == FileMode.MISSING) {
                    removed.add(path);
                } else {
                    modified.add(path);
                }
            }
        }
        added.sort(null);
        modified.sort(null);
        removed.sort(null);
        PersonIdent author = parsed.getAuthorIdent();
        PersonIdent committer = parsed.getCommitterIdent();
        return new GitCommit(
                parsed.name(),
                parsed.getTree().name(),
                parsed.getFullMessage(),
                identity(author),
                identity(committer),
                OffsetDateTime.ofInstant(author.getWhenAsInstant(), author.getZoneOffset()),
                Arrays.stream(parsed.getParents()).map(RevCommit::name).toList(),
                added,
                modified,
                removed);
    }

    static GitIdentity identity(PersonIdent person) {
        return new GitIdentity(person.getName(), person.getEmailAddress());
    }
}
