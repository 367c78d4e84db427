package io.gitops.build.image;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What to build: the context directory, the Dockerfile in it, the local name of the result, build arguments, a
 * per-pipeline scratch directory and a bound.
 */
public record ImageBuildRequest(Path context, Path dockerfile, String localName, Map<String, String> buildArgs,
                                Path scratch, Duration timeout) {

    public ImageBuildRequest {
        buildArgs = Map.copyOf(buildArgs);
    }
}
