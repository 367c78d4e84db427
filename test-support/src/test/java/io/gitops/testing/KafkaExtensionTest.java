package io.gitops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import io.gitops.testing.kafka.KafkaTestBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaExtensionTest {

    @Provided
    static KafkaTestBroker staticBroker;

    @Provided
    KafkaTestBroker instanceBroker;

    static KafkaTestBroker beforeAllBroker;

    @BeforeAll
    static void remember(KafkaTestBroker broker) {
        beforeAllBroker = broker;
    }

    @Test
    void everyInjectionPointGetsTheJvmsSharedBroker(KafkaTestBroker broker) {
        assertThat(broker).isSameAs(KafkaTestBroker.shared()).isSameAs(staticBroker).isSameAs(instanceBroker)
                .isSameAs(beforeAllBroker);
        assertThat(broker.bootstrapServers()).isNotBlank();
    }

    @Test
    void theInjectedBrokerServes(KafkaTestBroker broker) {
        String topic = KafkaExtension.uniqueTopic("kafka-extension");
        broker.createTopic(topic, 2);

        assertThat(broker.topicNames()).contains(topic);
    }

    @Test
    void uniqueTopicNamesDoNotRepeat() {
        Set<String> names = new HashSet<>();
        IntStream.range(0, 100).forEach(i -> names.add(KafkaExtension.uniqueTopic("t")));

        assertThat(names).hasSize(100).allMatch(name -> name.startsWith("t."));
    }
}
