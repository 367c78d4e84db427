package io.gitops.launcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * How the stack's broker is secured for one {@code up}: {@code SASL_PLAINTEXT} with SCRAM-SHA-512 and a random
 * password per principal ({@link KafkaAcls#principals()}), or nothing ({@value #SETTING}{@code =plaintext}).
 *
 * @param passwords the password of each principal; empty when the broker is PLAINTEXT
 */
public record KafkaSecurity(Map<String, String> passwords) {

    /** {@code scram} (the default) or {@code plaintext}. */
    public static final String SETTING = "GITOPS_KAFKA_SECURITY";
    public static final String PROTOCOL = "SASL_PLAINTEXT";
    public static final String MECHANISM = "SCRAM-SHA-512";

    public KafkaSecurity {
        passwords = Map.copyOf(passwords);
    }

    /** From {@value #SETTING}: new random passwords when secured. */
    public static KafkaSecurity fromSetting(String setting) {
        String value = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "scram", "sasl_scram", "sasl" -> generated();
            case "plaintext" -> plaintext();
            default -> throw new StackException(SETTING + "=" + setting + " is not known: use scram (the default) "
                    + "or plaintext");
        };
    }

    public static KafkaSecurity plaintext() {
        return new KafkaSecurity(Map.of());
    }

    /** A random password for every principal. */
    public static KafkaSecurity generated() {
        Map<String, String> passwords = new LinkedHashMap<>();
        KafkaAcls.principals().forEach(p -> passwords.put(p, Secrets.random()));
        return new KafkaSecurity(passwords);
    }

    public boolean enabled() {
        return !passwords.isEmpty();
    }

    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal);
        }
        return password;
    }

    /**
     * The connection of {@code principal}: {@code plain} (the launcher's PLAINTEXT settings) when not secured, else
     * its SASL/SCRAM login on the stack's bootstrap servers.
     */
    public KafkaClientSettings settings(String principal, KafkaClientSettings plain) {
        if (!enabled()) {
            return plain;
        }
        return login(plain.bootstrapServers(), principal, password(principal));
    }

    /** A SASL_PLAINTEXT + SCRAM-SHA-512 login of {@code username} on {@code bootstrap}. */
    public static KafkaClientSettings login(String bootstrap, String username, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, PROTOCOL);
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(username, password));
        return KafkaClientSettings.from(config);
    }

    static String jaas(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(username)
                + "\" password=\"" + quoted(password) + "\";";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** {@code --add-scram} values of {@code kafka-storage format}: every principal's credential. */
    String[] formatArguments() {
        return passwords.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of("--add-scram",
                        MECHANISM + "=[name=" + e.getKey() + ",password=" + e.getValue() + "]"))
                .toArray(String[]::new);
    }

    @Override
    public String toString() {
        return enabled() ? "KafkaSecurity[" + PROTOCOL + " " + MECHANISM + ", principals=" + passwords.keySet() + "]"
                : "KafkaSecurity[PLAINTEXT]";
    }
}
