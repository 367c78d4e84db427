package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every packaged service can authenticate to Amazon MSK with IAM: the login module and callback handler that
 * {@code kafka.auth=iam} (KAFKA_SASL_JAAS_CONFIG, KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS) names load and initialize
 * from the service's runtime libraries ({@code target/quarkus-app/lib/main}, what the image runs), together with the
 * AWS SDK they need.
 */
class MskIamOnServiceClasspathIT {

    static final StackLayout LAYOUT = StackLayout.discover(Path.of(""));

    static Stream<String> services() {
        return Arrays.stream(StackSettings.SERVICES);
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenAPackagedService_whenTheMskIamClassesAreLoadedFromItsRuntimeLibraries_thenTheyLoadAndInitialize(
            String service) throws Exception {
        Path libraries = LAYOUT.serviceJar(service).resolveSibling("lib").resolve("main");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(libraries)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new AssertionError(service + " is not packaged (" + libraries + "): run mvn package first", e);
        }

        try (URLClassLoader runtime = new URLClassLoader(jars.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            for (String name : List.of("software.amazon.msk.auth.iam.IAMLoginModule",
                    "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
                    "software.amazon.awssdk.services.sts.StsClient")) {
                Class<?> loaded = Class.forName(name, true, runtime);
                assertThat(loaded.getClassLoader()).as(service + ": " + name).isSameAs(runtime);
            }
            Object handler = Class.forName("software.amazon.msk.auth.iam.IAMClientCallbackHandler", true, runtime)
                    .getConstructor().newInstance();
            assertThat(Class.forName("org.apache.kafka.common.security.auth.AuthenticateCallbackHandler", false,
                    runtime).isInstance(handler)).as(service + ": a Kafka callback handler").isTrue();
        }
    }
}
