package io.gitops.gitserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** A JGit working clone driven over HTTP, as the platform's services and humans use the server. */
final class GitClient implements AutoCloseable {

    private final Git git;
    private final CredentialsProvider credentials;

    private GitClient(Git git, CredentialsProvider credentials) {
        this.git = git;
        this.credentials = credentials;
    }

    static GitClient cloneFrom(String url, Path directory) throws GitAPIException {
        return cloneFrom(url, directory, null);
    }

    static GitClient cloneFrom(String url, Path directory, GitCredentials credentials) throws GitAPIException {
        CredentialsProvider provider = credentials == null ? null
                : new UsernamePasswordCredentialsProvider(credentials.username(), credentials.password());
        Git git = Git.cloneRepository().setURI(url).setDirectory(directory.toFile())
                .setCredentialsProvider(provider).call();
        return new GitClient(git, provider);
    }

    Git git() {
        return git;
    }

    Path workTree() {
        return git.getRepository().getWorkTree().toPath();
    }

    RevCommit commit(String path, String content, String message) throws IOException, GitAPIException {
        Path file = workTree().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        git.add().addFilepattern(path).call();
        return git.commit().setMessage(message).setAuthor("Dev Eloper", "dev@example.invalid")
                .setCommitter("Dev Eloper", "dev@example.invalid").call();
    }

    RevCommit remove(String path, String message) throws GitAPIException {
        git.rm().addFilepattern(path).call();
        return git.commit().setMessage(message).setAuthor("Dev Eloper", "dev@example.invalid")
                .setCommitter("Dev Eloper", "dev@example.invalid").call();
    }

    /** Pushes {@code refSpec} to origin and returns the update of its destination ref. */
    RemoteRefUpdate push(String refSpec) throws GitAPIException {
        return push(git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec(refSpec)));
    }

    RemoteRefUpdate pushMain() throws GitAPIException {
        return push("refs/heads/main:refs/heads/main");
    }

    private RemoteRefUpdate push(PushCommand command) throws GitAPIException {
        command.setCredentialsProvider(credentials);
        Iterable<PushResult> results = command.call();
        PushResult result = results.iterator().next();
        return result.getRemoteUpdates().iterator().next();
    }

    void fetch() throws GitAPIException {
        git.fetch().setCredentialsProvider(credentials).call();
    }

    String read(String path) throws IOException {
        return Files.readString(workTree().resolve(path), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        git.close();
    }
}
