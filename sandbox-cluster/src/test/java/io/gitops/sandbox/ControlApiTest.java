package io.gitops.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP control API the embedded stack's CLI uses: /sandbox/v1/failures on the API server's port. */
class ControlApiTest {

  private static SandboxCluster sandbox;
  private static String failures;

  @BeforeAll
  static void start() {
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false));
    failures = sandbox.url() + "/sandbox/v1/failures";
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void givenAFailureRule_whenPostedOverHttp_thenTheSimulatorHasItAndGetListsIt() {
    // Given
    String body = "{\"image\":\"shop:2.0\",\"mode\":\"crashloop\"}";

    // When
    HttpResponse<String> created = Http.send("POST", failures, "application/json", null, body);

    // Then
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(sandbox.simulator().failures()).containsEntry("shop:2.0", FailureMode.CRASHLOOP);
    HttpResponse<String> listed = Http.get(failures);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains("{\"image\":\"shop:2.0\",\"mode\":\"crashloop\"}");
  }

  @Test
  void givenAFailureRule_whenDeletedOverHttp_thenItIsGone() {
    // Given
    sandbox.simulator().failImage("cart:1", FailureMode.IMAGEPULL);

    // When
    HttpResponse<String> deleted = Http.send("DELETE", failures + "?image=cart%3A1", null, null, null);

    // Then
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.body()).contains("\"cleared\":true");
    assertThat(sandbox.simulator().failures()).doesNotContainKey("cart:1");
  }

  @Test
  void givenAnUnknownMode_whenPosted_then400ExplainsTheModes() {
    // Given
    String body = "{\"image\":\"shop:2.0\",\"mode\":\"explode\"}";

    // When
    HttpResponse<String> response = Http.send("POST", failures, "application/json", null, body);

    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("unknown mode \\\"explode\\\"").contains("crashloop, imagepull, unready");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("POST", "", "{\"mode\":\"unready\"}", 400, "missing \\\"image\\\""),
        Arguments.of("POST", "", "not json", 400, "body must be a JSON object"),
        Arguments.of("DELETE", "", null, 400, "missing query parameter"),
        Arguments.of("PUT", "", "{}", 405, "method not allowed"),
        Arguments.of("GET", "/extra", null, 404, "no such sandbox endpoint"));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("refused")
  void givenABadControlRequest_whenSent_thenItIsRefusedWithAClearMessage(String method, String suffix, String body,
      int code, String message) {
    // Given
    String url = failures + suffix;

    // When
    HttpResponse<String> response = Http.send(method, url, "application/json", null, body);

    // Then
    assertThat(response.statusCode()).isEqualTo(code);
    assertThat(response.body()).contains(message);
  }
}
