package io.gitops.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.gitops.events.EventDecodingException;

/**
 * The one place that decides whether a failure is worth a retry. Every client of the platform (GitHub, the Kubernetes
 * API, the registry, SonarQube, Git hosts, the broker) classifies through it (Git failures through
 * {@code GitException.classify}, the one rule for JGit), so "403 is permanent" means the same in
 * every service.
 *
 * <p>The rule is Kargo's: <b>transient unless known to be terminal</b>. Retrying a permanent failure costs a few
 * attempts; dead-lettering a transient one loses work.
 *
 * <p>HTTP statuses: no answer (0), 408, 409 (a lost race: re-read and retry), 425, 429 and every 5xx are transient; a
 * 403 that is a rate limit ({@code Retry-After}, or {@code x-ratelimit-remaining: 0} as GitHub sends) is transient;
 * every other 4xx (400, 401, 403, 404, 410, 413, 422, ...) is permanent. 401 is permanent: tokens are refreshed
 * before they expire, so a 401 means the credential itself is wrong.
 */
public final class Transience {

    private static final String FABRIC8 = "io.fabric8.kubernetes.client.KubernetesClientException";
    private static final String JGIT = "org.eclipse.jgit.";
    private static final String GIT_EXCEPTION = "io.gitops.kit.git.GitException";

    private Transience() {
    }

    /** Whether an HTTP status (0 or negative: no answer at all) is worth a retry. */
    public static boolean isTransientStatus(int status) {
        return status <= 0 || status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
    }

    /**
     * Whether a response is worth a retry, reading the headers that turn a 403 into a rate limit.
     *
     * @param headers response headers (any case), as {@code java.net.http.HttpHeaders.map()} gives them
     */
    public static boolean isTransientResponse(int status, Map<String, List<String>> headers) {
        if (status == 403) {
            return header(headers, "retry-after") != null || "0".equals(header(headers, "x-ratelimit-remaining"));
        }
        return isTransientStatus(status);
    }

    /** Whether {@code failure} (or what it wraps) is worth a retry. */
    public static boolean isTransient(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 10; depth++) {
            Boolean known = known(t);
            if (known != null) {
                return known;
            }
            if (!isWrapper(t)) {
                break;
            }
            t = t.getCause();
        }
        return true;
    }

    /** The outcome of a failed attempt, classified. */
    public static <T> Outcome<T> failure(String reason, Throwable failure) {
        return isTransient(failure) ? Outcome.transientFailure(reason, failure) : Outcome.permanent(reason, failure);
    }

    /** The outcome of a refused HTTP request, classified by its status. */
    public static <T> Outcome<T> failure(String reason, int status) {
        return isTransientStatus(status) ? Outcome.transientFailure(reason, null) : Outcome.permanent(reason);
    }

    /** The outcome of a refused HTTP request, classified by its status and rate-limit headers. */
    public static <T> Outcome<T> failure(String reason, int status, Map<String, List<String>> headers) {
        return isTransientResponse(status, headers) ? Outcome.transientFailure(reason, null) : Outcome.permanent(reason);
    }

    /** True or false when this very exception decides; null when its cause (or the default) should. */
    private static Boolean known(Throwable t) {
        if (t instanceof PermanentException || t instanceof EventDecodingException
                || t instanceof IllegalArgumentException) {
            return false;
        }
        if (isKafka(t)) {
            return KafkaErrors.isTransient(t);
        }
        if (isA(t, FABRIC8)) {
            return Fabric8Errors.isTransient(t);
        }
        if (t.getClass().getName().startsWith(JGIT) || t.getClass().getName().equals(GIT_EXCEPTION)) {
            // before IOException: JGit's transport errors are IOExceptions that may say "not authorized"
            return GitErrors.isTransient(t);
        }
        if (t instanceof PublishException) {
            // the broker's reason decides (a record too large or a refused ACL never gets through); no reason: retry
            return t.getCause() == null || t.getCause() == t || isTransient(t.getCause());
        }
        if (t instanceof IOException || t instanceof InterruptedException || t instanceof TimeoutException) {
            return true;
        }
        return null;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof ExecutionException || t instanceof CompletionException || t instanceof UncheckedIOException
                || t instanceof InvocationTargetException || t.getClass() == RuntimeException.class;
    }

    private static boolean isKafka(Throwable t) {
        return isA(t, "org.apache.kafka.common.KafkaException");
    }

    private static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0).trim();
            }
        }
        return null;
    }

    /** Kafka's own split: {@code RetriableException} retries; security, size and serialization refusals do not. */
    private static final class KafkaErrors {
        static boolean isTransient(Throwable t) {
            if (t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            return !(t instanceof org.apache.kafka.common.errors.AuthenticationException
                    || t instanceof org.apache.kafka.common.errors.AuthorizationException
                    || t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                    || t instanceof org.apache.kafka.common.errors.SerializationException
                    || t instanceof org.apache.kafka.common.errors.InvalidTopicException
                    || t instanceof org.apache.kafka.common.errors.UnsupportedVersionException);
        }
    }

    /** fabric8: the status code decides; code 0 means no answer (a connection error). Loaded only when present. */
    private static final class Fabric8Errors {
        static Boolean isTransient(Throwable t) {
            int code = ((io.fabric8.kubernetes.client.KubernetesClientException) t).getCode();
            return isTransientStatus(code);
        }
    }

    /** Git operations: {@link io.gitops.kit.git.GitException#classify} decides. Loaded only when JGit is present. */
    private static final class GitErrors {
        static boolean isTransient(Throwable t) {
            return io.gitops.kit.git.GitException.classify(t) == io.gitops.kit.git.GitException.Kind.TRANSIENT;
        }
    }
}
