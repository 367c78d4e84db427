package io.gitops.build.stage;

import io.gitops.kit.Outcome;

/** One stage of {@code lint → test → sast → build → push}. */
public interface Stage {

    String name();

    Outcome<StageReport> run(StageContext context);
}
