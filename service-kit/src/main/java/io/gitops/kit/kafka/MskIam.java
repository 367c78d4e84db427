package io.gitops.kit.kafka;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Amazon MSK's IAM authentication ({@code software.amazon.msk:aws-msk-iam-auth}, on every service's runtime classpath
 * through the service kit): the four client properties that select it, and the check that a configuration asking for
 * {@value #MECHANISM} has all of them. The client signs its SASL handshake with the AWS credentials of the default
 * chain (in a pod: the ServiceAccount's IAM role through IRSA), so no Kafka secret exists at all.
 */
public final class MskIam {

    /** {@code sasl.mechanism} of MSK IAM. */
    public static final String MECHANISM = "AWS_MSK_IAM";
    /** The JAAS login module of {@code sasl.jaas.config}. */
    public static final String LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    /** {@code sasl.client.callback.handler.class}: finds the AWS credentials during the handshake. */
    public static final String CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    /** MSK IAM is served on the TLS listener only. */
    public static final String PROTOCOL = "SASL_SSL";

    private MskIam() {
    }

    /** The connection properties of MSK IAM with the default credentials chain (e.g. the pod's IRSA role). */
    public static Map<String, String> properties() {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, PROTOCOL,
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, LOGIN_MODULE + " required;",
                SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, CALLBACK_HANDLER);
    }

    /**
     * Refuses a configuration that selects {@value #MECHANISM} without the rest, naming the missing setting and its
     * environment variable, so the service fails at start rather than with an authentication error on first use.
     */
    static void requireComplete(Map<String, String> connection) {
        if (!MECHANISM.equals(connection.get(SaslConfigs.SASL_MECHANISM))) {
            return;
        }
        require(PROTOCOL.equals(connection.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)),
                "security.protocol must be SASL_SSL (KAFKA_SECURITY_PROTOCOL)");
        String jaas = connection.getOrDefault(SaslConfigs.SASL_JAAS_CONFIG, "");
        require(jaas.strip().startsWith(LOGIN_MODULE + " "),
                "sasl.jaas.config must be '" + LOGIN_MODULE + " required;' (KAFKA_SASL_JAAS_CONFIG)");
        require(CALLBACK_HANDLER.equals(connection.get(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS)),
                "sasl.client.callback.handler.class must be " + CALLBACK_HANDLER
                        + " (KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS)");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("kafka sasl.mechanism=" + MECHANISM + " (Amazon MSK IAM): " + message);
        }
    }
}
