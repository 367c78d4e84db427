package io.gitops.bumper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.testing.FakeRegistry;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;

/** Config repository contents and input events for tests. */
public final class Fixtures {

    public static final String OWNER = "acme";
    public static final String REPO = "gitops-config";
    public static final String BRANCH = "main";
    public static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    public static final String SHOP_STAGING = "apps/shop/envs/staging/values.yaml";
    public static final String SHOP_PRODUCTION = "apps/shop/envs/production/values.yaml";
    public static final String WEB_STAGING = "apps/web/envs/staging/values.yaml";
    public static final String QUARANTINE = ".gitops/quarantine.yaml";

    public static final String OLD_TAG = sha("old");

    private Fixtures() {
    }

    /** A realistic 40-hex commit SHA derived from {@code seed}. */
    public static String sha(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String appYaml(String name, String valuesKey, String... environments) {
        StringBuilder yaml = new StringBuilder("name: ").append(name).append('\n')
                .append("source:\n  repo: acme/").append(name).append("\n  branch: main\n")
                .append("image:\n  repository: registry.local:5000/").append(name).append('\n');
        if (valuesKey != null) {
            yaml.append("  valuesKey: ").append(valuesKey).append('\n');
        }
        yaml.append("environments:\n");
        for (String environment : environments) {
            String[] parts = environment.split(":");
            yaml.append("  - name: ").append(parts[0]).append('\n')
                    .append("    promotion: ").append(parts.length > 1 ? parts[1] : "auto").append('\n');
        }
        return yaml.toString();
    }

    public static String values(String tag) {
        return """
                # Helm values for this environment.
                # The config-bumper owns image.tag; everything else is edited by people.

                replicaCount: 2   # scaled by hand

                image:
                  repository: registry.local:5000/shop
                  tag: "%s"   # written by the config-bumper
                  pullPolicy: IfNotPresent

                resources: {limits: {cpu: 500m, memory: 256Mi}}
                """.formatted(tag);
    }

    /** {@link #values(String)} after a bump wrote {@code digest} next to the tag (at the end of {@code image}). */
    public static String values(String tag, String digest) {
        return values(tag).replace("  pullPolicy: IfNotPresent\n", "  pullPolicy: IfNotPresent\n  digest: \"" + digest
                + "\"\n");
    }

    /** The digest the tests' registry names for the image of {@code app} tagged {@code tag}. */
    public static String digest(String app, String tag) {
        return FakeRegistry.digestOf("registry.local:5000/" + app, tag);
    }

    public static final String CHECKOUT_PRODUCTION = "apps/checkout/envs/production/values.yaml";

    /**
     * shop (staging, production: auto), web (staging: auto, key app.image.tag), checkout (staging: auto, production:
     * pull-request), a quarantine file.
     */
    public static Map<String, String> seed() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("apps/shop/app.yaml", appYaml("shop", null, "staging", "production"));
        files.put(SHOP_STAGING, values(OLD_TAG));
        files.put(SHOP_PRODUCTION, values(OLD_TAG));
        files.put("apps/web/app.yaml", appYaml("web", "app.image.tag", "staging"));
        files.put(WEB_STAGING, "app:\n  image:\n    tag: " + OLD_TAG + "\n");
        files.put("apps/checkout/app.yaml", appYaml("checkout", null, "staging", "production:pull-request"));
        files.put("apps/checkout/envs/staging/values.yaml", values(OLD_TAG));
        files.put(CHECKOUT_PRODUCTION, values(OLD_TAG));
        files.put(QUARANTINE, "# Tags that failed a rollout.\nquarantined:\n  - app: shop\n    tag: \""
                + sha("known-bad") + "\"\n    reason: CRASH_LOOP\n");
        return files;
    }

    /** {@code count} apps {@code app01..} each with one auto environment {@code staging}. */
    public static Map<String, String> manyApps(int count) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String app = appName(i);
            files.put("apps/" + app + "/app.yaml", appYaml(app, null, "staging"));
            files.put("apps/" + app + "/envs/staging/values.yaml", values(OLD_TAG));
        }
        return files;
    }

    public static String appName(int i) {
        return String.format("app%02d", i);
    }

    public static Event<ArtifactPublished> artifact(String app, String tag, Instant commitTime) {
        return artifact(app, tag, commitTime, "registry.local:5000/" + app, null, tag, "build-orchestrator");
    }

    /** An artifact with every field a forger could choose. */
    public static Event<ArtifactPublished> artifact(String app, String tag, Instant commitTime, String repository,
                                                    String digest, String sourceCommit, String source) {
        ArtifactPublished data = new ArtifactPublished(app, "pl-" + app + "-" + tag.substring(0, Math.min(12,
                tag.length())), repository, tag, digest, "acme/" + app, "main", sourceCommit, commitTime,
                List.of(new GateResult("tests", true, 0.0, 0.0, "failed tests", null)), commitTime.plusSeconds(120));
        return Event.of(data).idFrom("artifact", app, tag, repository, String.valueOf(digest), sourceCommit, source)
                .source(source).correlationId(sourceCommit).time(commitTime.plusSeconds(120)).build();
    }

    public static Event<RolloutFailed> rolloutFailed(String app, String env, String failedTag, String lastHealthyTag) {
        RolloutFailed data = new RolloutFailed(app, env, app + "-" + env, sha("revision-" + failedTag),
                List.of("registry.local:5000/" + app + ":" + failedTag), failedTag, RolloutFailureReason.CRASH_LOOP,
                "pod " + app + "-5c7f9d container app is in CrashLoopBackOff (3 restarts)", "Deployment/" + app, true,
                lastHealthyTag == null ? null : sha("revision-" + lastHealthyTag), lastHealthyTag, 4000,
                T0.plusSeconds(3600));
        return Event.of(data).idFrom("rollout.failed", app, env, failedTag).source("health-verifier")
                .correlationId(failedTag).time(T0.plusSeconds(3600)).build();
    }

    /** The verifier's verdict that the restored last healthy revision (with {@code tag}) failed too. */
    public static Event<RolloutFailed> restoreFailed(String app, String env, String tag) {
        RolloutFailed data = new RolloutFailed(app, env, app + "-" + env, sha("revision-" + tag),
                List.of("registry.local:5000/" + app + ":" + tag), tag, RolloutFailureReason.RESTORE_FAILED,
                "restore of the last healthy revision failed (IMAGE_PULL): pod " + app + "-5c7f9d cannot pull",
                "Deployment/" + app, true, sha("revision-" + tag), tag, 4000, T0.plusSeconds(7200));
        return Event.of(data).idFrom("rollout.failed", app, env, tag, "restore").source("health-verifier")
                .correlationId(tag).time(T0.plusSeconds(7200)).build();
    }

    public static Intent bump(String app, String tag, Instant commitTime) {
        return Intent.of(artifact(app, tag, commitTime));
    }

    public static Intent revert(String app, String env, String failedTag, String lastHealthyTag) {
        return Intent.of(rolloutFailed(app, env, failedTag, lastHealthyTag));
    }
}
