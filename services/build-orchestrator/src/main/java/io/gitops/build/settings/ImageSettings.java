package io.gitops.build.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gitops.build.BuildConfig;

/** How images are built: the builder ({@code auto}, buildah, docker, jib), tool paths and build arguments. */
public record ImageSettings(String builder, String buildahPath, String dockerPath, Map<String, String> buildArgs) {

    public ImageSettings {
        buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    }

    public static ImageSettings from(BuildConfig.Image config) {
        return new ImageSettings(config.builder(), config.buildahPath(), config.dockerPath(),
                buildArgs(config.buildArgs().orElse(List.of())));
    }

    /** {@code KEY=VALUE} entries in order; an entry without {@code =} (or with an empty key) is ignored. */
    static Map<String, String> buildArgs(List<String> entries) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : entries) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                args.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return args;
    }
}
