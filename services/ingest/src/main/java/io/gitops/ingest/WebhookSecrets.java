package io.gitops.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The accepted webhook secrets, from configuration values and mounted files. Never logged. */
public final class WebhookSecrets {

    private WebhookSecrets() {
    }

    public static List<byte[]> load(List<String> values, List<String> files) {
        List<byte[]> secrets = new ArrayList<>();
        for (String value : values) {
            if (!value.isBlank()) {
                secrets.add(value.getBytes(StandardCharsets.UTF_8));
            }
        }
        for (String file : files) {
            try {
                String secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (!secret.isEmpty()) {
                    secrets.add(secret.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read webhook secret file " + file + ": " + e.getMessage(), e);
            }
        }
        if (secrets.isEmpty()) {
            throw new IllegalStateException("no webhook secret configured: set GITOPS_INGEST_SECRETS "
                    + "(gitops.ingest.secrets) or gitops.ingest.secret-files");
        }
        return List.copyOf(secrets);
    }
}
