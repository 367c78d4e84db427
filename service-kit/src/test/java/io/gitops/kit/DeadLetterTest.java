package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import io.gitops.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced, int partition, long offset) {
        return new ConsumerRecord<>(produced.topic(), partition, offset, 1_000L, TimestampType.CREATE_TIME, 0, 0,
                produced.key(), produced.value(), produced.headers(), Optional.empty());
    }

    @Test
    void givenADeadLetterTheKitWrote_whenReadBack_thenItsHeadersSayWhyWhoAndWhereFrom() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", "e1".getBytes());
        ConsumerRecord<String, byte[]> original = consumed(new ProducerRecord<>(Topics.SYNC, null, "shop/staging",
                "{}".getBytes(), headers), 2, 9);

        DeadLetter letter = DeadLetter.of(consumed(DeadLetters.toDeadLetter(original, "bad", "health-verifier"), 0, 4));

        assertThat(letter.reason()).isEqualTo("bad");
        assertThat(letter.consumer()).isEqualTo("health-verifier");
        assertThat(letter.originalTopic()).isEqualTo(Topics.SYNC);
        assertThat(letter.originalPartition()).isEqualTo(2);
        assertThat(letter.originalOffset()).isEqualTo(9);
        assertThat(letter.eventId()).isEqualTo("e1");
        assertThat(letter.time().toEpochMilli()).isEqualTo(1_000L);
        ProducerRecord<String, byte[]> replay = letter.replay();
        assertThat(replay.topic()).isEqualTo(Topics.SYNC);
        assertThat(replay.key()).isEqualTo("shop/staging");
        assertThat(replay.headers()).extracting(Header::key).containsExactly("ce_id");
    }

    @Test
    void givenARecordWithoutDeadLetterHeaders_whenReadBack_thenTheyAreMissingAndItReplaysToTheTopicTheDlqIsNamedFor() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-partition", "x".getBytes());

        DeadLetter letter = DeadLetter.of(consumed(new ProducerRecord<>(Topics.SYNC + ".dlq", null, "k",
                new byte[0], headers), 0, 1));

        assertThat(letter.reason()).isNull();
        assertThat(letter.originalPartition()).isEqualTo(-1);
        assertThat(letter.originalOffset()).isEqualTo(-1);
        assertThat(letter.replay().topic()).isEqualTo(Topics.SYNC);
        assertThat(letter.replay().headers().toArray()).isEmpty();
    }
}
