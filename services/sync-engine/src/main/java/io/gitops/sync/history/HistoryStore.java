package io.gitops.sync.history;

/** Where applied revisions are kept so that they survive a restart and are shared between instances. */
public interface HistoryStore {

    /** The history of (app, env); empty when nothing was recorded yet. */
    AppHistory load(String app, String env, String namespace);

    void save(AppHistory history);
}
