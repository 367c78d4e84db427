package io.gitops.build.stage;

/** One stage of {@code lint → test → sast → build → push}. */
public interface Stage {

    String name();

    StageResult run(StageContext context);
}
