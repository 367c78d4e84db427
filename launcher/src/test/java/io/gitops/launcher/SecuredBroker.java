package io.gitops.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gitops.events.Topics;
import io.gitops.kit.TopicAdmin;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;

/**
 * The in-JVM broker secured as {@code ./gitops up} runs it: every topic and DLQ created as the admin with the declared
 * limits, a SCRAM user per {@link KafkaAcls} grant and the grants' ACLs.
 */
final class SecuredBroker implements AutoCloseable {

    private final KafkaTestBroker broker = KafkaTestBroker.secured();
    private final Map<String, String> passwords = new LinkedHashMap<>();

    SecuredBroker() {
        List<Topics.TopicSpec> specs = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(t -> specs.add(t.deadLetter()));
        TopicAdmin.ensureTopics(KafkaClientSettings.from(broker.adminConfig()), specs, (short) 1,
                Duration.ofSeconds(30));
        for (KafkaAcls.Grant grant : KafkaAcls.grants()) {
            passwords.put(grant.principal(), Secrets.random());
            broker.createScramUser(grant.principal(), passwords.get(grant.principal()));
        }
        broker.createAcls(KafkaAcls.bindings());
    }

    KafkaTestBroker broker() {
        return broker;
    }

    String password(String principal) {
        return passwords.get(principal);
    }

    @Override
    public void close() {
        broker.close();
    }
}
