package io.gitops.bumper.commit;

import java.time.Instant;
import java.util.Optional;

/** What Git says about the builds already bumped to an app/env. */
@FunctionalInterface
public interface BuildHistory {

    /** The newest source commit time among recent bumps of {@code app/env}, if any is known. */
    Optional<Instant> newestBuild(String app, String env, String valuesFile);

    BuildHistory NONE = (app, env, valuesFile) -> Optional.empty();
}
