package io.gitops.sync.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gitops.gitserver.LocalGitServer;

/**
 * A config repository served over HTTP by the local Git server, with helpers to add apps and to commit the way the
 * config-bumper does (values change + trailers).
 */
public final class ConfigRepoFixture {

    public static final String OWNER = "acme";
    public static final String NAME = "config";
    public static final String BRANCH = "main";
    public static final String FULL_NAME = OWNER + "/" + NAME;

    private final LocalGitServer server;
    private final String name;

    private ConfigRepoFixture(LocalGitServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** A repository {@code acme/<name>} with the test charts on {@code server} (whose owner closes it). */
    public static ConfigRepoFixture create(LocalGitServer server, String name) {
        Map<String, String> files = new LinkedHashMap<>(Charts.web());
        files.putAll(Charts.broken());
        files.putAll(Charts.unknownKind());
        files.put("README.md", "config repository for tests\n");
        server.createRepository(OWNER, name, BRANCH, files);
        return new ConfigRepoFixture(server, name);
    }

    public LocalGitServer server() {
        return server;
    }

    public String url() {
        return server.repoUrl(OWNER, name);
    }

    public String head() {
        return server.headOf(OWNER, name, BRANCH);
    }

    public static String appYaml(String app, String env, String chart, boolean prune, boolean selfHeal) {
        return """
                name: %1$s
                source:
                  repo: acme/%1$s
                  branch: main
                image:
                  repository: registry.local/%1$s
                chart:
                  path: charts/%3$s
                environments:
                  - name: %2$s
                    namespace: %1$s-%2$s
                syncPolicy:
                  automated: true
                  prune: %4$s
                  selfHeal: %5$s
                """.formatted(app, env, chart, prune, selfHeal);
    }

    public static String values(String app, String tag, int replicas, boolean extra) {
        return """
                # values of %1$s
                image:
                  repository: registry.local/%1$s
                  tag: "%2$s"
                replicas: %3$d
                extra: %4$s
                """.formatted(app, tag, replicas, extra);
    }

    /** Adds an app with one environment on the web chart; returns the commit. */
    public String addApp(String app, String env, String tag, boolean prune, boolean selfHeal) {
        return addApp(app, env, "web", tag, prune, selfHeal);
    }

    public String addApp(String app, String env, String chart, String tag, boolean prune, boolean selfHeal) {
        return commit(Map.of("apps/" + app + "/app.yaml", appYaml(app, env, chart, prune, selfHeal),
                "apps/" + app + "/envs/" + env + "/values.yaml", values(app, tag, 1, false)), "Add " + app);
    }

    /** Commits like the config-bumper: the new values and the trailers naming app, env, tag and source commit. */
    public String bump(String app, String env, String tag, int replicas, boolean extra, String sourceCommit,
                       String cause) {
        String message = """
                Bump %1$s/%2$s to %3$s

                Set image.tag in apps/%1$s/envs/%2$s/values.yaml to %3$s.

                Gitops-App: %1$s
                Gitops-Env: %2$s
                Gitops-Tag: %3$s
                Gitops-Source-Commit: %4$s
                Gitops-Source-Commit-Time: 2026-11-27T09:59:58Z
                Gitops-Pipeline: pl-%1$s-1
                Gitops-Cause: %5$s
                """.formatted(app, env, tag, sourceCommit, cause);
        return commit(Map.of("apps/" + app + "/envs/" + env + "/values.yaml", values(app, tag, replicas, extra)),
                message);
    }

    public String commit(Map<String, String> files, String message) {
        return server.commitAsOutsider(OWNER, name, BRANCH, files, message);
    }

    public String delete(List<String> paths, String message) {
        return server.commitAsOutsider(OWNER, name, BRANCH, Map.of(), paths, message);
    }
}
