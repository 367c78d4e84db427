package io.gitops.kit.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import io.gitops.kit.git.GitException.Kind;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.RefNotFoundException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitExceptionTest {

    private static final String URL = "http://127.0.0.1:8080/git/acme/config.git";

    private static URIish uri() {
        try {
            return new URIish(URL);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JGit's API exception around its transport exception, as a fetch or push throws it. */
    private static TransportException jgit(String message, Throwable cause) {
        return new TransportException(URL + ": " + message,
                new org.eclipse.jgit.errors.TransportException(uri(), message, cause));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connection refused", jgit("cannot open git-upload-pack",
                        new ConnectException("Connection refused")), Kind.TRANSIENT),
                Arguments.of("read timeout", jgit("cannot open git-upload-pack",
                        new SocketTimeoutException("Read timed out")), Kind.TRANSIENT),
                Arguments.of("connect timeout message", jgit("Connection time out: 127.0.0.1", null), Kind.TRANSIENT),
                Arguments.of("server error", jgit("503 Service Unavailable", null), Kind.TRANSIENT),
                Arguments.of("bad gateway", jgit("502 Bad Gateway", null), Kind.TRANSIENT),
                Arguments.of("remote hung up", jgit("remote hung up unexpectedly", null), Kind.TRANSIENT),
                Arguments.of("unknown host", jgit("cannot open git-upload-pack",
                        new UnknownHostException("git.example.invalid")), Kind.TRANSIENT),
                Arguments.of("truncated stream", new EOFException("Short read of block."), Kind.TRANSIENT),
                Arguments.of("lock failure", new LockFailedException(new java.io.File("index")), Kind.TRANSIENT),
                Arguments.of("unclassified I/O", new JGitInternalException("boom", new IOException("disk says no")),
                        Kind.TRANSIENT),
                Arguments.of("unchecked I/O", new UncheckedIOException(new IOException("mystery")), Kind.TRANSIENT),
                Arguments.of("not authorized", jgit("not authorized", null), Kind.PERMANENT),
                Arguments.of("no credentials", jgit(
                        "Authentication is required but no CredentialsProvider has been registered", null),
                        Kind.PERMANENT),
                Arguments.of("forbidden", jgit("git-receive-pack not permitted on '" + URL + "/'", null),
                        Kind.PERMANENT),
                Arguments.of("401 status", jgit("401 Unauthorized", null), Kind.PERMANENT),
                Arguments.of("repository not found", new TransportException("fetch failed",
                        new NoRemoteRepositoryException(uri(), URL + "/info/refs not found")), Kind.PERMANENT),
                Arguments.of("not found message", jgit("repository not found: " + URL, null), Kind.PERMANENT),
                Arguments.of("invalid remote", new InvalidRemoteException("Invalid remote: origin"), Kind.PERMANENT),
                Arguments.of("invalid URL", new URISyntaxException("ht tp://x", "Illegal character"), Kind.PERMANENT),
                Arguments.of("missing branch", jgit("Remote does not have refs/heads/main available for fetch.", null),
                        Kind.PERMANENT),
                Arguments.of("untrusted certificate", jgit("Secure connection failed",
                        new SSLHandshakeException("PKIX path building failed")), Kind.PERMANENT),
                Arguments.of("missing object", new MissingObjectException(ObjectId.zeroId(), Constants.OBJ_COMMIT),
                        Kind.PERMANENT),
                Arguments.of("unknown ref", new RefNotFoundException("Ref main cannot be resolved"), Kind.PERMANENT),
                Arguments.of("programming error", new IllegalArgumentException("path must not be empty"),
                        Kind.PERMANENT),
                Arguments.of("already classified", new RuntimeException("wrapped",
                        new GitException(Kind.TRANSIENT, "push ended NOT_ATTEMPTED", null)), Kind.TRANSIENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void givenAFailureOfAGitOperation_whenClassified_thenItIsTransientOrPermanentAsTabled(String name,
            Throwable failure, Kind expected) {
        assertThat(GitException.classify(failure)).isEqualTo(expected);
    }

    @Test
    void givenAPortThatLooksLikeAStatus_whenClassified_thenThePortDoesNotDecide() {
        Throwable failure = jgit("http://host:404/git/x.git: cannot open git-upload-pack",
                new ConnectException("Connection refused"));

        assertThat(GitException.classify(failure)).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void givenACauseChain_whenWrappedInAGitException_thenItCarriesTheClassificationOfItsCause() {
        GitException failure = GitException.of("fetch of x failed", jgit("not authorized", null));

        assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(failure.isTransient()).isFalse();
        assertThat(failure).hasMessage("fetch of x failed");
    }

    @Test
    void givenRefusalMessagesOfAPush_whenJudged_thenOnlyLostCompareAndSwapsAreRaces() {
        assertThat(GitClient.lostRace("failed to lock")).isTrue();
        assertThat(GitClient.lostRace("lock error: LOCK_FAILURE")).isTrue();
        assertThat(GitClient.lostRace("invalid old id sent")).isTrue();
        assertThat(GitClient.lostRace("stale info")).isTrue();
        assertThat(GitClient.lostRace("pre-receive hook declined")).isFalse();
        assertThat(GitClient.lostRace("")).isFalse();
    }

    @Test
    void givenNestedCauses_whenMessagesAreJoined_thenEachDistinctMessageAppearsOnce() {
        String messages = GitClient.messages(new TransportException("outer",
                new IOException("inner", new IOException("inner"))));

        assertThat(messages).isEqualTo("outer (inner)");
    }

    @Test
    void givenJGitsMissingRefMessage_whenChecked_thenItIsRecognisedAndOtherFailuresAreNot() {
        assertThat(GitClient.isMissingRef(jgit("Remote does not have refs/heads/x available for fetch.", null)))
                .isTrue();
        assertThat(GitClient.isMissingRef(jgit("not authorized", null))).isFalse();
    }
}
