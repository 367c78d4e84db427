package io.gitops.health.model;

import java.util.Map;
import java.util.Objects;

/** An application in one environment: the unit a rollout, a verdict and the DORA measures are about. */
public record AppEnv(String app, String env) {

    /** The labels the sync engine puts on everything it manages for (app, env). */
    public static final String APP_LABEL = "gitops.io/app";
    public static final String ENV_LABEL = "gitops.io/env";

    public AppEnv {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(env, "env");
    }

    /** {@code app/env}: the events' key and subject. */
    public String key() {
        return app + "/" + env;
    }

    public Map<String, String> labels() {
        return Map.of(APP_LABEL, app, ENV_LABEL, env);
    }

    public String selector() {
        return APP_LABEL + "=" + app + "," + ENV_LABEL + "=" + env;
    }

    @Override
    public String toString() {
        return key();
    }
}
