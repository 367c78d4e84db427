package io.gitops.kit.git;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;

/**
 * A Git operation failed, and whether trying again may help: {@link Kind#TRANSIENT} (the remote is down, slow or
 * overloaded) or {@link Kind#PERMANENT} (authentication refused, repository or commit missing, invalid URL or
 * content). The message names the operation and the URL without user info, never a secret.
 *
 * <p>{@link #classify(Throwable)} is the one place that decides for JGit errors; the shared error classifier
 * delegates to it.
 */
public final class GitException extends RuntimeException {

    /** Whether retrying the same operation may succeed. */
    public enum Kind {
        TRANSIENT, PERMANENT
    }

    private static final Pattern SERVER_ERROR = Pattern.compile("(?:^|[\\s:])5\\d\\d(?:\\s|$)");
    private static final Pattern CLIENT_ERROR = Pattern.compile("(?:^|[\\s:])(?:401|403|404)(?:\\s|$)");
    private static final String[] PERMANENT_MESSAGES = {"not authorized", "authentication is required",
        "authentication not supported", "not permitted", "repository not found", "not found", "invalid remote",
        "uri not supported", "remote does not have", "does not exist", "not a commit", "not a regular file",
        "larger than", "pkix"};
    private static final String[] TRANSIENT_MESSAGES = {"connection refused", "timed out", "time out",
        "timeout", "hung up", "connection reset", "broken pipe", "unknown host", "temporarily unavailable",
        "lock", "connection failed", "end of file"};

    private final Kind kind;

    public GitException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A failure classified by {@link #classify(Throwable)} of its cause. */
    public static GitException of(String message, Throwable cause) {
        return new GitException(classify(cause), message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /**
     * Classifies a failure of a Git operation by its cause chain: first by the exception types in it (outermost
     * first), then by their messages. Permanent: authentication refused or not permitted (401, 403), repository, ref
     * or object not found, invalid or unsupported URL, untrusted certificate. Transient: connection refused or reset, timeouts, unknown
     * host (DNS flaps in clusters), server errors (5xx), the remote hanging up, lock failures. When no cause tells:
     * transient if any cause is an I/O error, else permanent (a programming or input error).
     */
    public static Kind classify(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && chain.size() < 32 && !chain.contains(cause);
             cause = cause.getCause()) {
            chain.add(cause);
        }
        for (Throwable cause : chain) {
            Kind told = byType(cause);
            if (told != null) {
                return told;
            }
        }
        for (Throwable cause : chain) {
            Kind told = byMessage(cause);
            if (told != null) {
                return told;
            }
        }
        boolean io = chain.stream().anyMatch(c -> c instanceof IOException || c instanceof UncheckedIOException);
        return io ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    private static Kind byType(Throwable cause) {
        if (cause instanceof GitException git) {
            return git.kind;
        }
        if (cause instanceof NoRemoteRepositoryException || cause instanceof InvalidRemoteException
                || cause instanceof NotSupportedException || cause instanceof URISyntaxException
                || cause instanceof MalformedURLException || cause instanceof MissingObjectException
                || cause instanceof SSLHandshakeException || cause instanceof CertificateException) {
            return Kind.PERMANENT;
        }
        if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
                || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException
                || cause instanceof LockFailedException || cause instanceof EOFException
                || cause instanceof SocketException || cause instanceof InterruptedIOException) {
            return Kind.TRANSIENT;
        }
        return null;
    }

    private static Kind byMessage(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (CLIENT_ERROR.matcher(message).find()) {
            return Kind.PERMANENT;
        }
        if (SERVER_ERROR.matcher(message).find()) {
            return Kind.TRANSIENT;
        }
        for (String marker : PERMANENT_MESSAGES) {
            if (message.contains(marker)) {
                return Kind.PERMANENT;
            }
        }
        for (String marker : TRANSIENT_MESSAGES) {
            if (message.contains(marker)) {
                return Kind.TRANSIENT;
            }
        }
        return null;
    }
}
