package io.gitops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** A developer's clone of a repository of the embedded Git server: commit locally, then push. */
final class SampleRepo implements AutoCloseable {

    private final Git git;
    private final UsernamePasswordCredentialsProvider credentials;

    private SampleRepo(Git git, UsernamePasswordCredentialsProvider credentials) {
        this.git = git;
        this.credentials = credentials;
    }

    static SampleRepo cloneInto(String url, Path dir, String username, String password) {
        var credentials = new UsernamePasswordCredentialsProvider(username, password);
        try {
            if (Files.exists(dir.resolve(".git"))) {
                Git git = Git.open(dir.toFile());
                git.pull().setCredentialsProvider(credentials).call();
                return new SampleRepo(git, credentials);
            }
            return new SampleRepo(Git.cloneRepository().setURI(url).setDirectory(dir.toFile())
                    .setCredentialsProvider(credentials).call(), credentials);
        } catch (GitAPIException | IOException e) {
            throw new StackException("cannot clone " + url + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return git.getRepository().getWorkTree().toPath();
    }

    /** Rewrites a file and commits it (not pushed); returns the commit SHA. */
    String commit(String path, String content, String message) {
        try {
            Files.writeString(dir().resolve(path), content, StandardCharsets.UTF_8);
            PersonIdent who = new PersonIdent("Demo Developer", "developer@example.com");
            RevCommit commit = git.commit().setAll(true).setAuthor(who).setCommitter(who).setMessage(message).call();
            return commit.getName();
        } catch (GitAPIException | IOException e) {
            throw new StackException("cannot commit: " + e.getMessage(), e);
        }
    }

    /** Pushes HEAD to {@code ref} (e.g. a branch no application tracks). */
    void pushTo(String ref) {
        try {
            git.push().setCredentialsProvider(credentials).setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:" + ref)).call();
        } catch (GitAPIException e) {
            throw new StackException("push failed: " + e.getMessage(), e);
        }
    }

    void push() {
        try {
            git.push().setCredentialsProvider(credentials).call();
        } catch (GitAPIException e) {
            throw new StackException("push failed: " + e.getMessage(), e);
        }
    }

    /** The newest {@code count} commit subjects of the current branch after a pull. */
    List<String> recentSubjects(int count) {
        try {
            git.pull().setCredentialsProvider(credentials).call();
            return java.util.stream.StreamSupport.stream(git.log().setMaxCount(count).call().spliterator(), false)
                    .map(c -> c.getName().substring(0, 12) + " " + c.getShortMessage()).toList();
        } catch (GitAPIException e) {
            throw new StackException("cannot read history: " + e.getMessage(), e);
        }
    }

    String read(String path) throws IOException {
        return Files.readString(dir().resolve(path), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        git.close();
    }
}
