package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.gitops.events.data.AppHealth;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.events.kafka.EventDeserializer;
import io.gitops.events.kafka.EventSerializer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    static ConfigChanged configChanged() {
        return new ConfigChanged("shop", "staging", "acme/config", "main", SHA, null, "old", SHA,
                ChangeCause.BUMP, null, SHA, AT, "pl-1", null, AT);
    }

    static Event<ConfigChanged> event() {
        return Event.of(configChanged()).idFrom("bump", "shop", "staging", SHA).source("config-bumper")
                .time(AT).correlationId(SHA).causationId("cause-1").deliveryId("delivery-1").build();
    }

    @Test
    void givenAnEvent_whenEncodedAsARecord_thenTopicKeyAndCloudEventsHeadersAreSet() {
        var record = EventCodec.toRecord(event());

        assertThat(record.topic()).isEqualTo(Topics.CONFIG_CHANGED);
        assertThat(record.key()).isEqualTo("shop/staging");
        Headers headers = record.headers();
        assertThat(EventCodec.header(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(EventCodec.header(headers, "ce_type")).isEqualTo("io.gitops.config.changed.v1");
        assertThat(EventCodec.header(headers, "ce_source")).isEqualTo("/gitops/config-bumper");
        assertThat(EventCodec.header(headers, "ce_subject")).isEqualTo("shop/staging");
        assertThat(EventCodec.header(headers, "ce_time")).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(EventCodec.header(headers, "ce_dataschema")).isEqualTo("urn:io.gitops:schema:io.gitops.config.changed.v1");
        assertThat(EventCodec.header(headers, "ce_correlationid")).isEqualTo(SHA);
        assertThat(EventCodec.header(headers, "ce_causationid")).isEqualTo("cause-1");
        assertThat(EventCodec.header(headers, "ce_deliveryid")).isEqualTo("delivery-1");
        assertThat(EventCodec.header(headers, "content-type")).isEqualTo("application/json");
    }

    @Test
    void givenAnEncodedRecord_whenDecoded_thenTheSameEventComesBack() {
        var record = EventCodec.toRecord(event());

        Event<?> decoded = EventCodec.decode(record.headers(), record.value());

        assertThat(decoded).isEqualTo(event());
    }

    @Test
    void givenOptionalAttributesUnset_whenEncoded_thenTheirHeadersAreAbsent() {
        var event = Event.of(configChanged()).id("x").source("config-bumper").build();

        var headers = EventCodec.headers(event);

        assertThat(headers.lastHeader("ce_causationid")).isNull();
        assertThat(headers.lastHeader("ce_deliveryid")).isNull();
        assertThat(event.time()).isNotNull();
    }

    @Test
    void givenACause_whenBuildingTheNextEvent_thenCausationCorrelationAndDeliveryFollow() {
        var next = Event.of(new RolloutFailed("shop", "staging", "shop-staging", SHA, List.of(), SHA,
                        RolloutFailureReason.CRASH_LOOP, "crash", "Deployment/shop", true, null, null, 1, AT))
                .idFrom("x").source("health-verifier").causedBy(event()).build();

        assertThat(next.causationId()).isEqualTo(event().id());
        assertThat(next.correlationId()).isEqualTo(SHA);
        assertThat(next.deliveryId()).isEqualTo("delivery-1");
    }

    @Test
    void givenDataOfAnotherType_whenConstructingAnEvent_thenItIsRejected() {
        assertThatThrownBy(() -> new Event<>("id", java.net.URI.create("/x"), EventType.SYNC_FAILED, "s", AT,
                null, null, null, configChanged()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries SyncFailed");
    }

    private static RecordHeaders headersWithout(String name) {
        RecordHeaders headers = new RecordHeaders();
        EventCodec.headers(event()).forEach(h -> {
            if (!h.key().equals(name)) {
                headers.add(h);
            }
        });
        return headers;
    }

    @Test
    void givenAMissingIdHeader_whenDecoded_thenAPermanentMissingAttributeErrorNamesIt() {
        var headers = headersWithout("ce_id");

        assertThatThrownBy(() -> EventCodec.decode(headers, EventCodec.encodeData(configChanged())))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.problem()).isEqualTo(EventDecodingException.Problem.MISSING_ATTRIBUTE))
                .hasMessage("missing CloudEvents header ce_id");
    }

    @Test
    void givenAnUnknownType_whenDecoded_thenUnknownTypeIsReported() {
        var headers = headersWithout("ce_type");
        headers.add("ce_type", "io.gitops.something.v9".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> EventCodec.decode(headers, EventCodec.encodeData(configChanged())))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.problem()).isEqualTo(EventDecodingException.Problem.UNKNOWN_TYPE));
    }

    @Test
    void givenAnotherSpecVersion_whenDecoded_thenItIsRefused() {
        var headers = headersWithout("ce_specversion");
        headers.add("ce_specversion", "0.3".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> EventCodec.decode(headers, EventCodec.encodeData(configChanged())))
                .hasMessage("unsupported CloudEvents specversion 0.3");
    }

    @Test
    void givenATimeThatIsNotRfc3339_whenDecoded_thenBadAttributeIsReported() {
        var headers = headersWithout("ce_time");
        headers.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> EventCodec.decode(headers, EventCodec.encodeData(configChanged())))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.problem()).isEqualTo(EventDecodingException.Problem.BAD_ATTRIBUTE));
    }

    @Test
    void givenATimeWithAnOffset_whenDecoded_thenItIsReadAsTheSameInstant() {
        var headers = headersWithout("ce_time");
        headers.add("ce_time", "2026-11-27T11:00:00+01:00".getBytes(StandardCharsets.UTF_8));

        Event<?> decoded = EventCodec.decode(headers, EventCodec.encodeData(configChanged()));

        assertThat(decoded.time()).isEqualTo(AT);
    }

    @Test
    void givenASourceThatIsNotAUri_whenDecoded_thenBadAttributeIsReported() {
        var headers = headersWithout("ce_source");
        headers.add("ce_source", "not a uri".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> EventCodec.decode(headers, EventCodec.encodeData(configChanged())))
                .hasMessageContaining("ce_source is not a URI reference");
    }

    @Test
    void givenDataThatIsNotJson_whenDecoded_thenBadDataIsReported() {
        var headers = EventCodec.headers(event());

        assertThatThrownBy(() -> EventCodec.decode(headers, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(EventDecodingException.class,
                        e -> assertThat(e.problem()).isEqualTo(EventDecodingException.Problem.BAD_DATA))
                .hasMessageStartingWith("io.gitops.config.changed.v1 data is not readable");
    }

    @Test
    void givenEmptyData_whenDecoded_thenBadDataIsReported() {
        var headers = EventCodec.headers(event());

        assertThatThrownBy(() -> EventCodec.decode(headers, new byte[0])).hasMessage("io.gitops.config.changed.v1 has no data");
    }

    @Test
    void givenDataWithUnknownFields_whenDecoded_thenTheyAreIgnored() {
        byte[] data = "{\"app\":\"shop\",\"env\":\"staging\",\"cause\":\"BUMP\",\"fromTheFuture\":1}".getBytes(StandardCharsets.UTF_8);

        Event<?> decoded = EventCodec.decode(EventCodec.headers(event()), data);

        assertThat(((ConfigChanged) decoded.data()).app()).isEqualTo("shop");
    }

    @Test
    void givenASyncSucceededWithTheAppsHealthSettings_whenRoundTripped_thenTheyComeBack() {
        SyncSucceeded data = new SyncSucceeded("shop", "staging", "shop-staging", SHA, null, "sha256:d", List.of(), SHA,
                AT, 3, 0, true, 40, SyncTrigger.CONFIG_CHANGED, AT, new AppHealth(120, 2));
        Event<SyncSucceeded> event = Event.of(data).idFrom("sync", SHA).source("sync-engine").time(AT).build();
        var record = EventCodec.toRecord(event);

        Event<?> decoded = EventCodec.decode(record.headers(), record.value());

        assertThat(((SyncSucceeded) decoded.data()).health()).isEqualTo(new AppHealth(120, 2));
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .contains("\"health\":{\"timeoutSeconds\":120,\"minStableSeconds\":2}");
    }

    @Test
    void givenASyncSucceededFromAWriterBeforeHealthWasAdded_whenDecoded_thenHealthIsNull() {
        SyncSucceeded old = new SyncSucceeded("shop", "staging", "shop-staging", SHA, null, "sha256:d", List.of(), SHA,
                AT, 3, 0, true, 40, SyncTrigger.CONFIG_CHANGED, AT);
        byte[] data = ("{\"app\":\"shop\",\"env\":\"staging\",\"namespace\":\"shop-staging\",\"revision\":\"" + SHA
                + "\",\"changed\":true,\"trigger\":\"CONFIG_CHANGED\"}").getBytes(StandardCharsets.UTF_8);
        Event<SyncSucceeded> event = Event.of(old).idFrom("sync", SHA).source("sync-engine").time(AT).build();

        Event<?> decoded = EventCodec.decode(EventCodec.headers(event), data);

        assertThat(old.health()).isNull();
        assertThat(((SyncSucceeded) decoded.data()).health()).isNull();
        assertThat(((SyncSucceeded) decoded.data()).changed()).isTrue();
    }

    @Test
    void givenAnEnumValueFromANewerWriter_whenDecoded_thenItReadsAsNullInsteadOfFailing() {
        byte[] data = "{\"app\":\"shop\",\"env\":\"staging\",\"cause\":\"PROMOTION\"}".getBytes(StandardCharsets.UTF_8);

        Event<?> decoded = EventCodec.decode(EventCodec.headers(event()), data);

        assertThat(((ConfigChanged) decoded.data()).cause()).isNull();
    }

    @Test
    void givenTheKafkaSerializerAndDeserializer_whenRoundTripped_thenHeadersCarryTheAttributes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", "stale".getBytes(StandardCharsets.UTF_8));

        byte[] value = new EventSerializer().serialize("t", headers, event());
        Event<?> decoded = new EventDeserializer().deserialize("t", headers, value);

        assertThat(decoded).isEqualTo(event());
        assertThat(headers.headers("ce_id")).hasSize(1);
    }

    @Test
    void givenNoHeaders_whenTheKafkaSerdeIsUsedWithoutThem_thenItRefusesClearly() {
        assertThatThrownBy(() -> new EventSerializer().serialize("t", event()))
                .hasMessageContaining("needs record headers");
        assertThatThrownBy(() -> new EventDeserializer().deserialize("t", new byte[1]))
                .hasMessageContaining("needs record headers");
        assertThat(new EventSerializer().serialize("t", new RecordHeaders(), null)).isNull();
        assertThat(new EventDeserializer().deserialize("t", new RecordHeaders(), (byte[]) null)).isNull();
    }

    @Test
    void givenEveryTopic_whenLookedUp_thenItsSpecAndDeadLetterTopicAreDeclared() {
        var spec = Topics.spec(Topics.SYNC).orElseThrow();

        assertThat(spec.key()).isEqualTo("app/env");
        assertThat(spec.deadLetter().name()).isEqualTo("gitops.sync.v1.dlq");
        assertThat(Topics.spec("nope")).isEmpty();
        assertThat(Topics.ALL).extracting(Topics.TopicSpec::name)
                .containsAll(java.util.Arrays.stream(EventType.values()).map(EventType::topic).toList());
    }

    @Test
    void givenADataClassWithoutType_whenLookedUp_thenItIsRefused() {
        assertThatThrownBy(() -> EventType.of(io.gitops.events.data.EventData.class))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
