package io.gitops.sync.git;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the config-bumper's trailers (the last paragraph of a commit message) for one (app, env). A commit changing
 * several app/envs carries one group per change, each starting with {@code Gitops-App}:
 * <pre>
 * Gitops-App: shop
 * Gitops-Env: staging
 * Gitops-Tag: 9f2c...
 * Gitops-Source-Commit: 9f2c...
 * Gitops-Source-Commit-Time: 2026-11-27T09:59:58Z
 * Gitops-Pipeline: pl-shop-9f2c1e4b7a6d
 * Gitops-Cause: bump
 * </pre>
 */
public final class CommitTrailers {

    private static final Pattern TRAILER = Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]*):\\s*(.*)");

    private CommitTrailers() {
    }

    /** The group for (app, env) in {@code message}, if the commit has one. */
    public static Optional<ConfigChange> find(String commit, String message, String app, String env) {
        String normalised = message.replace("\r\n", "\n").strip();
        int lastBreak = normalised.lastIndexOf("\n\n");
        String block = lastBreak < 0 ? normalised : normalised.substring(lastBreak + 2);
        Map<String, String> group = null;
        for (String line : block.split("\n")) {
            Matcher matcher = TRAILER.matcher(line.strip());
            if (!matcher.matches()) {
                return Optional.empty();
            }
            String key = matcher.group(1).toLowerCase(Locale.ROOT);
            String value = matcher.group(2).strip();
            if (key.equals("gitops-app")) {
                if (matches(group, app, env)) {
                    break;
                }
                group = new HashMap<>();
            }
            if (group != null) {
                group.put(key, value);
            }
        }
        if (!matches(group, app, env)) {
            return Optional.empty();
        }
        return Optional.of(new ConfigChange(commit, group.get("gitops-tag"), group.get("gitops-source-commit"),
                instant(group.get("gitops-source-commit-time")), group.get("gitops-cause")));
    }

    private static boolean matches(Map<String, String> group, String app, String env) {
        return group != null && app.equals(group.get("gitops-app")) && env.equals(group.get("gitops-env"));
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
