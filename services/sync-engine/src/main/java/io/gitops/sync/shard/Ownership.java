package io.gitops.sync.shard;

/** Which (app, env) this instance works on. */
@FunctionalInterface
public interface Ownership {

    Ownership ALL = (app, env) -> true;

    boolean owns(String app, String env);
}
