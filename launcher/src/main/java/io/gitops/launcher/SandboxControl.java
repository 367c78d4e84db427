package io.gitops.launcher;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.gitops.sandbox.FailureMode;

/**
 * The sandbox's failure-injection API, as the CLI and the demo use it: as the admin of the stack's kubeconfig (the
 * control API is admin-only when the sandbox authorizes; the kubeconfig also says http or https).
 */
final class SandboxControl {

    private SandboxControl() {
    }

    /** A bare tag becomes a tag rule ({@code :tag}); a full reference is used as is. */
    static String rule(String image) {
        return image.contains(":") || image.contains("/") ? image : ":" + image;
    }

    static String failImage(StackLayout layout, String image, String mode, boolean clear) {
        if (!clear && FailureMode.fromWireName(mode).isEmpty()) {
            throw new StackException("unknown mode '" + mode + "': use crashloop, imagepull or unready");
        }
        Config admin;
        try {
            admin = Config.fromKubeconfig(null, Files.readString(layout.kubeconfig()), null);
        } catch (IOException e) {
            throw new StackException("cannot read the sandbox's admin kubeconfig " + layout.kubeconfig()
                    + " (is the stack up?): " + e.getMessage(), e);
        }
        String base = admin.getMasterUrl().replaceAll("/+$", "") + "/sandbox/v1/failures";
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(admin).build()) {
            var http = client.getHttpClient();
            HttpRequest.Builder request = http.newHttpRequestBuilder();
            if (clear) {
                request.uri(base + "?image=" + URLEncoder.encode(rule(image), StandardCharsets.UTF_8)).delete(null, null);
            } else {
                String body = "{\"image\":\"" + rule(image).replace("\"", "") + "\",\"mode\":\"" + mode + "\"}";
                request.uri(base).post("application/json", body);
            }
            if (admin.getOauthToken() != null) {
                request.setHeader("Authorization", "Bearer " + admin.getOauthToken());
            }
            HttpResponse<String> response = http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
            if (response.code() >= 300) {
                throw new StackException("sandbox answered " + response.code() + ": " + response.body());
            }
            return response.body();
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
