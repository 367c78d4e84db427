package io.gitops.build.pipeline;

/** Pipeline ids: one pipeline per (app, commit), so the id is derived from both and stable across retries. */
public final class PipelineIds {

    private PipelineIds() {
    }

    /** {@code pl-<app>-<first 12 hex of the commit>}, e.g. {@code pl-shop-9f2c1e4b7a6d}. */
    public static String of(String app, String commit) {
        return "pl-" + app + "-" + commit.substring(0, Math.min(12, commit.length()));
    }
}
