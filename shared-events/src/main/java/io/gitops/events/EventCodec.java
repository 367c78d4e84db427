package io.gitops.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gitops.events.data.EventData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Encodes and decodes platform events as CloudEvents 1.0 in Kafka binary mode: the context attributes travel as
 * {@code ce_*} headers, the data as the JSON record value, the partition key as the record key.
 *
 * <p>Readers ignore unknown data fields, so a writer may add optional fields within a version.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Enum types may gain values within a version: an older reader sees null, not an error.
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventCodec() {
    }

    /** The JSON mapper used for event data (ISO-8601 instants, unknown fields ignored). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ProducerRecord<String, byte[]> toRecord(Event<?> event) {
        return new ProducerRecord<>(event.topic(), null, event.key(), encodeData(event.data()), headers(event));
    }

    public static byte[] encodeData(EventData data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new UncheckedIOException("event data not serialisable: " + data.getClass().getSimpleName(), e);
        }
    }

    public static Headers headers(Event<?> event) {
        RecordHeaders headers = new RecordHeaders();
        put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        put(headers, CloudEventHeaders.ID, event.id());
        put(headers, CloudEventHeaders.SOURCE, event.source().toString());
        put(headers, CloudEventHeaders.TYPE, event.type().type());
        put(headers, CloudEventHeaders.SUBJECT, event.subject());
        put(headers, CloudEventHeaders.TIME, event.time().toString());
        put(headers, CloudEventHeaders.DATA_SCHEMA, event.type().dataSchema().toString());
        put(headers, CloudEventHeaders.CORRELATION_ID, event.correlationId());
        put(headers, CloudEventHeaders.CAUSATION_ID, event.causationId());
        put(headers, CloudEventHeaders.DELIVERY_ID, event.deliveryId());
        put(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static Event<?> decode(ConsumerRecord<String, byte[]> record) {
        return decode(record.headers(), record.value());
    }

    /**
     * Decodes one record.
     *
     * @throws EventDecodingException when the record is not a platform event this version can read
     */
    public static Event<?> decode(Headers headers, byte[] value) {
        String specVersion = required(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new EventDecodingException(EventDecodingException.Problem.UNSUPPORTED_SPEC_VERSION,
                    "unsupported CloudEvents specversion " + specVersion);
        }
        String typeName = required(headers, CloudEventHeaders.TYPE);
        EventType type = EventType.ofType(typeName).orElseThrow(() -> new EventDecodingException(
                EventDecodingException.Problem.UNKNOWN_TYPE, "unknown event type " + typeName));
        String id = required(headers, CloudEventHeaders.ID);
        URI source = parseSource(required(headers, CloudEventHeaders.SOURCE));
        Instant time = parseTime(required(headers, CloudEventHeaders.TIME));
        EventData data = decodeData(type, value);
        return newEvent(type, id, source, header(headers, CloudEventHeaders.SUBJECT), time,
                header(headers, CloudEventHeaders.CORRELATION_ID), header(headers, CloudEventHeaders.CAUSATION_ID),
                header(headers, CloudEventHeaders.DELIVERY_ID), data);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Event<?> newEvent(EventType type, String id, URI source, String subject, Instant time,
                                     String correlationId, String causationId, String deliveryId, EventData data) {
        return new Event(id, source, type, subject, time, correlationId, causationId, deliveryId, data);
    }

    public static EventData decodeData(EventType type, byte[] value) {
        if (value == null || value.length == 0) {
            throw new EventDecodingException(EventDecodingException.Problem.BAD_DATA,
                    type.type() + " has no data");
        }
        try {
            return MAPPER.readValue(value, type.dataClass());
        } catch (IOException e) {
            throw new EventDecodingException(EventDecodingException.Problem.BAD_DATA,
                    type.type() + " data is not readable: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static URI parseSource(String source) {
        try {
            return URI.create(source);
        } catch (IllegalArgumentException e) {
            throw new EventDecodingException(EventDecodingException.Problem.BAD_ATTRIBUTE,
                    "ce_source is not a URI reference: " + source, e);
        }
    }

    private static Instant parseTime(String time) {
        try {
            return java.time.OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventDecodingException(EventDecodingException.Problem.BAD_ATTRIBUTE,
                    "ce_time is not an RFC 3339 timestamp: " + time, e);
        }
    }

    private static String required(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new EventDecodingException(EventDecodingException.Problem.MISSING_ATTRIBUTE,
                    "missing CloudEvents header " + name);
        }
        return value;
    }

    /** The last value of a header as UTF-8 text, or null. */
    public static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
