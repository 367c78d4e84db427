package io.gitops.launcher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import io.gitops.sandbox.FailureMode;

/** The sandbox's failure-injection API, as the CLI and the demo use it. */
final class SandboxControl {

    private SandboxControl() {
    }

    /** A bare tag becomes a tag rule ({@code :tag}); a full reference is used as is. */
    static String rule(String image) {
        return image.contains(":") || image.contains("/") ? image : ":" + image;
    }

    static String failImage(Ports ports, String image, String mode, boolean clear) {
        String base = "http://127.0.0.1:" + ports.of("sandbox") + "/sandbox/v1/failures";
        HttpRequest request;
        if (clear) {
            request = HttpRequest.newBuilder(URI.create(base + "?image=" + URLEncoder.encode(rule(image), StandardCharsets.UTF_8)))
                    .DELETE().build();
        } else {
            if (FailureMode.fromWireName(mode).isEmpty()) {
                throw new StackException("unknown mode '" + mode + "': use crashloop, imagepull or unready");
            }
            String body = "{\"image\":\"" + rule(image).replace("\"", "") + "\",\"mode\":\"" + mode + "\"}";
            request = HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }
        var response = Http.send(request);
        if (response.statusCode() >= 300) {
            throw new StackException("sandbox answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
