package io.gitops.testing.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Predicate;

import io.gitops.gitserver.LocalGitServer;
import io.gitops.testing.Provided;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import org.junit.jupiter.api.Test;

class GitServerTestResourceTest {

    @Provided
    LocalGitServer injected;

    String notInjected;

    static final class Seeding extends GitServerTestResource {
        @Override
        protected Map<String, String> configure(LocalGitServer server) {
            server.createRepository("acme", "config", "main", Map.of("README", "config\n"));
            return Map.of("app.repo.url", server.repoUrl("acme", "config"));
        }
    }

    /** Injects into this test's fields the way Quarkus does: those the predicate accepts. */
    private TestInjector injector() {
        return (Object value, Predicate<Field> matches) -> {
            for (Field field : GitServerTestResourceTest.class.getDeclaredFields()) {
                if (matches.test(field)) {
                    try {
                        field.set(this, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    @Test
    void givenInitArgs_whenStarted_thenTheNamedPropertiesCarryTheServerAndItsCredentialsAndStopClosesIt() {
        Seeding resource = new Seeding();
        resource.init(Map.of("username", "bumper", "password", "s3cret", "url-property", "app.git.url",
                "username-property", "app.git.username", "password-property", "app.git.password"));

        Map<String, String> config = resource.start();
        LocalGitServer server = GitServerTestResource.server();
        resource.inject(injector());

        assertThat(config).containsEntry("app.git.url", server.url())
                .containsEntry("app.git.username", "bumper").containsEntry("app.git.password", "s3cret")
                .containsEntry("app.repo.url", server.repoUrl("acme", "config"));
        assertThat(injected).isSameAs(server);
        assertThat(notInjected).isNull();
        assertThat(server.repositoryExists("acme", "config")).isTrue();

        resource.stop();
        resource.stop();

        assertThat(server.baseDirectory()).doesNotExist();
    }

    @Test
    void givenNoInitArgs_whenStarted_thenTheServerIsAnonymousAndNoPropertyIsSet() {
        GitServerTestResource resource = new GitServerTestResource();
        resource.init(Map.of("url-property", " "));

        Map<String, String> config = resource.start();

        assertThat(config).isEmpty();
        assertThat(resource.credentials()).isEmpty();
        resource.stop();
    }
}
