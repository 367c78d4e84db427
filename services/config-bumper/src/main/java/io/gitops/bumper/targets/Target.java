package io.gitops.bumper.targets;

import io.gitops.bumper.batch.Intent;
import io.gitops.config.AppConfig.Promotion;

/** One environment an intent applies to, with where its tag lives. */
public record Target(Intent intent, String app, String env, Promotion promotion, String valuesFile, String valuesKey) {

    public String key() {
        return app + "/" + env;
    }

    /**
     * Where the image digest lives next to the tag: {@code image.tag} → {@code image.digest}, {@code imageTag} →
     * {@code imageTagDigest}.
     */
    public String digestKey() {
        return digestKey(valuesKey);
    }

    /** The digest key of a tag key: a last segment {@code tag} becomes {@code digest}, any other gets {@code Digest}. */
    public static String digestKey(String valuesKey) {
        int dot = valuesKey.lastIndexOf('.');
        String last = valuesKey.substring(dot + 1);
        return valuesKey.substring(0, dot + 1) + (last.equals("tag") ? "digest" : last + "Digest");
    }
}
