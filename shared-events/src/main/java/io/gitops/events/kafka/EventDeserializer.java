package io.gitops.events.kafka;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventDecodingException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} for platform events, for teams consuming with a plain {@code KafkaConsumer}
 * ({@code value.deserializer=io.gitops.events.kafka.EventDeserializer}). It throws
 * {@link EventDecodingException} for a record that is not a readable platform event; a consumer that prefers to
 * skip such records reads {@code byte[]} values and calls {@link EventCodec#decode} itself.
 */
public class EventDeserializer implements Deserializer<Event<?>> {

    @Override
    public Event<?> deserialize(String topic, byte[] data) {
        throw new EventDecodingException(EventDecodingException.Problem.MISSING_ATTRIBUTE,
                "CloudEvents binary mode needs record headers: use deserialize(topic, headers, data)");
    }

    @Override
    public Event<?> deserialize(String topic, Headers headers, byte[] data) {
        return data == null ? null : EventCodec.decode(headers, data);
    }
}
