package io.gitops.events.kafka;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} for platform events: writes the {@code ce_*} headers and the JSON data. Use it as
 * {@code value.serializer} with a producer whose key is {@link Event#key()}.
 */
public class EventSerializer implements Serializer<Event<?>> {

    @Override
    public byte[] serialize(String topic, Event<?> event) {
        throw new IllegalStateException("CloudEvents binary mode needs record headers: use serialize(topic, headers, event)");
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Event<?> event) {
        if (event == null) {
            return null;
        }
        for (Header header : EventCodec.headers(event)) {
            headers.remove(header.key());
            headers.add(header);
        }
        return EventCodec.encodeData(event.data());
    }
}
