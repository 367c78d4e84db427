package io.gitops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;

import io.gitops.gitserver.LocalGitServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class GitServerExtensionTest {

    @AfterEach
    void closeShared() {
        SharedResources.closeAll();
    }

    static int status(LocalGitServer server, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(server.url() + "/acme/app.git/info/refs?service=git-upload-pack"));
        if (credentials != null) {
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes()));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static boolean serves(LocalGitServer server) {
        try {
            status(server, null);
            return true;
        } catch (IOException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void givenAClassScopedServer_whenTheClassRuns_thenEveryInjectionPointSharesItAndItIsClosedAfterwards() {
        TestExecutionSummary summary = Run.classes(ClassScoped.class);

        assertThat(Run.failureMessages(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(ClassScoped.seen).isNotNull();
        assertThat(serves(ClassScoped.seen)).isFalse();
        assertThat(ClassScoped.seen.baseDirectory()).doesNotExist();
    }

    @Test
    void givenCredentials_whenARequestComesWithoutThem_thenTheServerRefusesIt() {
        TestExecutionSummary summary = Run.classes(WithCredentials.class);

        assertThat(Run.failureMessages(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    @Test
    void givenJvmScope_whenTwoClassesRun_thenTheyShareOneServerThatOutlivesThem() {
        TestExecutionSummary summary = Run.classes(JvmScopedA.class, JvmScopedB.class);

        assertThat(Run.failureMessages(summary)).isEmpty();
        assertThat(JvmScopedA.seen).isNotNull().isSameAs(JvmScopedB.seen);
        assertThat(serves(JvmScopedA.seen)).isTrue();

        SharedResources.closeAll();

        assertThat(serves(JvmScopedA.seen)).isFalse();
    }

    @Test
    void givenNoAnnotation_whenAServerIsAsked_thenTheTestFailsSayingWhy() {
        TestExecutionSummary summary = Run.classes(NotAnnotated.class);

        assertThat(Run.failureMessages(summary)).singleElement().asString().contains("is not annotated @WithGitServer");
    }

    @Test
    void givenAFinalProvidedField_whenTheClassStarts_thenItFailsSayingWhy() {
        TestExecutionSummary summary = Run.classes(FinalField.class);

        assertThat(Run.failureMessages(summary)).singleElement().asString().contains("must not be final");
    }

    @Test
    void anOtherwiseTypedProvidedFieldIsLeftAlone() {
        TestExecutionSummary summary = Run.classes(OtherField.class);

        assertThat(Run.failureMessages(summary)).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    @WithGitServer
    static class ClassScoped {
        static LocalGitServer seen;

        @Provided
        static LocalGitServer git;

        @Provided
        LocalGitServer instanceGit;

        @BeforeAll
        static void start(LocalGitServer server) {
            seen = server;
            assertThat(git).isSameAs(server);
            server.createRepository("acme", "app", "main", Map.of("README", "hi\n"));
        }

        @Test
        void theParameterTheFieldsAndBeforeAllGetOneServer(LocalGitServer server) {
            assertThat(server).isSameAs(seen).isSameAs(git).isSameAs(instanceGit);
            assertThat(Files.isDirectory(server.baseDirectory())).isTrue();
        }

        @Test
        void aRepositoryOfBeforeAllIsThere(LocalGitServer server) throws Exception {
            assertThat(server.repositoryExists("acme", "app")).isTrue();
            assertThat(status(server, null)).isEqualTo(200);
        }

        @Nested
        class Inner {
            @Test
            void nestedClassesShareTheOuterServer(LocalGitServer server) {
                assertThat(server).isSameAs(seen);
            }
        }
    }

    @WithGitServer(username = "ci", password = "t0ken")
    static class WithCredentials {
        @Test
        void onlyRequestsWithTheCredentialsAreServed(LocalGitServer server) throws Exception {
            server.createRepository("acme", "app", "main", Map.of("README", "hi\n"));

            assertThat(status(server, null)).isEqualTo(401);
            assertThat(status(server, "ci:wrong")).isEqualTo(401);
            assertThat(status(server, "ci:t0ken")).isEqualTo(200);
        }
    }

    @WithGitServer(scope = Scope.JVM)
    static class JvmScopedA {
        static LocalGitServer seen;

        @Test
        void remember(LocalGitServer server) {
            seen = server;
        }
    }

    @WithGitServer(scope = Scope.JVM)
    static class JvmScopedB {
        static LocalGitServer seen;

        @Test
        void remember(LocalGitServer server) {
            seen = server;
        }
    }

    @ExtendWith(GitServerExtension.class)
    static class NotAnnotated {
        @Test
        void asks(LocalGitServer server) {
        }
    }

    @WithGitServer
    static class FinalField {
        @Provided
        final LocalGitServer git = null;

        @Test
        void never() {
        }
    }

    @WithGitServer
    static class OtherField {
        @Provided
        String notAServer = "left";

        @Test
        void untouched() {
            assertThat(notAServer).isEqualTo("left");
        }
    }
}
