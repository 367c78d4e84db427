package io.gitops.kit;

import java.util.List;

import io.gitops.events.Topics.TopicSpec;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A declared topic accepts smaller records than its declaration ({@code max.message.bytes}) and could not be raised:
 * records the service must send would be refused by the broker. Not an {@link IllegalStateException}, so a service's
 * start-up does not mistake it for a broker that is merely away: the service refuses to start, with a message naming
 * each topic, its current and its required limit, and how to raise it.
 */
public class TopicLimitException extends RuntimeException {

    private final List<String> problems;

    public TopicLimitException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per topic that is too small. */
    public List<String> problems() {
        return problems;
    }

    static String describe(TopicSpec spec, int current, Throwable cause) {
        return "topic " + spec.name() + " accepts records up to " + current + " bytes (" + TopicConfig.MAX_MESSAGE_BYTES_CONFIG
                + ") but is declared to need " + spec.maxMessageBytes() + " bytes, and raising it failed ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage())
                + "); raise it: kafka-configs.sh --alter --entity-type topics --entity-name " + spec.name()
                + " --add-config " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + "=" + spec.maxMessageBytes();
    }
}
