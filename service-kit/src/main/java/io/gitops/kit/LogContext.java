package io.gitops.kit;

import java.util.ArrayList;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.Topics;
import org.jboss.logging.MDC;

/**
 * Puts the key/values every log line of the platform carries ({@code app}, {@code env}, {@code commit},
 * {@code eventId}) into the logging context for the duration of a try-with-resources block. Never put secrets here.
 */
public final class LogContext implements AutoCloseable {

    public static final String APP = "app";
    public static final String ENV = "env";
    public static final String COMMIT = "commit";
    public static final String EVENT_ID = "eventId";
    public static final String DELIVERY_ID = "deliveryId";
    public static final String REPOSITORY = "repository";

    private final List<String> keys = new ArrayList<>();

    private LogContext() {
    }

    public static LogContext of(Event<?> event) {
        LogContext context = new LogContext().put(EVENT_ID, event.id()).put(COMMIT, event.correlationId())
                .put(DELIVERY_ID, event.deliveryId());
        String subject = event.subject();
        if (subject == null) {
            return context;
        }
        if (event.type().topic().equals(Topics.WEBHOOK_RECEIVED)) {
            return context.put(REPOSITORY, subject);
        }
        int slash = subject.indexOf('/');
        return slash < 0
                ? context.put(APP, subject)
                : context.put(APP, subject.substring(0, slash)).put(ENV, subject.substring(slash + 1));
    }

    public static LogContext empty() {
        return new LogContext();
    }

    public LogContext put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
            keys.add(key);
        }
        return this;
    }

    @Override
    public void close() {
        keys.forEach(MDC::remove);
        keys.clear();
    }
}
