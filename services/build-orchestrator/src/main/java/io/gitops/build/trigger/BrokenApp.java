package io.gitops.build.trigger;

/** An application directory whose app.yaml is missing or broken, with what can still be read of it. */
public record BrokenApp(String app, String sourceRepo, String branch, String reason) {
}
