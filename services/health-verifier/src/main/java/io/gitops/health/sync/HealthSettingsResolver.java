package io.gitops.health.sync;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;

/**
 * An application's health settings, from the most specific source that has them:
 * <ol>
 *   <li>a {@code health} object ({@code timeoutSeconds}, {@code minStableSeconds}) in the sync event's data — the
 *       sync engine has just read {@code app.yaml}, and writers may add optional fields within {@code .v1};</li>
 *   <li>an override for {@code app/env}, then for {@code app}, in this service's configuration;</li>
 *   <li>the configured defaults ({@code app.yaml}'s own defaults unless changed).</li>
 * </ol>
 */
public final class HealthSettingsResolver {

    private final HealthSettings defaults;
    private final Map<String, HealthSettings> overrides;

    /** @param overrides by {@code app/env} or {@code app} */
    public HealthSettingsResolver(HealthSettings defaults, Map<String, HealthSettings> overrides) {
        this.defaults = defaults;
        this.overrides = Map.copyOf(overrides);
    }

    public HealthSettings resolve(AppEnv appEnv, JsonNode data) {
        JsonNode health = data == null ? null : data.path("health");
        if (health != null && health.path("timeoutSeconds").canConvertToInt()
                && health.path("minStableSeconds").canConvertToInt()) {
            int timeout = health.path("timeoutSeconds").asInt();
            int stable = health.path("minStableSeconds").asInt();
            if (timeout > 0 && stable >= 0 && stable < timeout) {
                return new HealthSettings(Duration.ofSeconds(timeout), Duration.ofSeconds(stable));
            }
        }
        return configured(appEnv);
    }

    /** Without an event: overrides, then defaults. */
    public HealthSettings configured(AppEnv appEnv) {
        HealthSettings specific = overrides.get(appEnv.key());
        if (specific != null) {
            return specific;
        }
        return overrides.getOrDefault(appEnv.app(), defaults);
    }
}
