package io.gitops.config;

import java.nio.file.Path;

/**
 * Where things live in the configuration repository:
 * <pre>
 * apps/&lt;app&gt;/app.yaml
 * apps/&lt;app&gt;/envs/&lt;env&gt;/values.yaml
 * charts/&lt;chart&gt;/
 * .gitops/quarantine.yaml
 * </pre>
 * Every name is checked as a DNS-1123 label before it becomes part of a path.
 */
public final class ConfigRepoLayout {

    public static final String APPS_DIR = "apps";
    public static final String CHARTS_DIR = "charts";
    public static final String APP_FILE = "app.yaml";
    public static final String VALUES_FILE = "values.yaml";
    public static final String QUARANTINE_FILE = ".gitops/quarantine.yaml";

    private ConfigRepoLayout() {
    }

    /** {@code apps/<app>/app.yaml} (repository-relative, forward slashes). */
    public static String appFile(String app) {
        return APPS_DIR + "/" + Dns1123.requireLabel("application name", app) + "/" + APP_FILE;
    }

    /** {@code apps/<app>/envs/<env>/values.yaml}. */
    public static String valuesFile(String app, String env) {
        return APPS_DIR + "/" + Dns1123.requireLabel("application name", app) + "/envs/"
                + Dns1123.requireLabel("environment name", env) + "/" + VALUES_FILE;
    }

    /** Resolves a repository-relative path under {@code root}, refusing anything that escapes it. */
    public static Path resolve(Path root, String relative) {
        if (!isSafeRelativePath(relative)) {
            throw new IllegalArgumentException("not a safe repository path: " + relative);
        }
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root.normalize())) {
            throw new IllegalArgumentException("path escapes the repository: " + relative);
        }
        return resolved;
    }

    /** Relative, forward-slash separated, no empty, {@code .} or {@code ..} segments, no control characters. */
    public static boolean isSafeRelativePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
                || path.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
