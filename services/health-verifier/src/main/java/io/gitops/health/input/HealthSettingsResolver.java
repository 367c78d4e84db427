package io.gitops.health.input;

import java.time.Duration;
import java.util.Map;

import io.gitops.events.data.AppHealth;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;

/**
 * An application's health settings, from the most specific source that has them:
 * <ol>
 *   <li>the {@code health} settings ({@code timeoutSeconds}, {@code minStableSeconds}) that {@code sync.succeeded}
 *       carries — the sync engine read them from the {@code app.yaml} of the revision it applied (an optional field
 *       of {@code .v1}: absent from older writers, and ignored when inconsistent);</li>
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

    /** @param fromEvent the settings the sync event carries, or null */
    public HealthSettings resolve(AppEnv appEnv, AppHealth fromEvent) {
        if (fromEvent != null && fromEvent.timeoutSeconds() > 0 && fromEvent.minStableSeconds() >= 0
                && fromEvent.minStableSeconds() < fromEvent.timeoutSeconds()) {
            return new HealthSettings(Duration.ofSeconds(fromEvent.timeoutSeconds()),
                    Duration.ofSeconds(fromEvent.minStableSeconds()));
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
