package io.gitops.bumper.commit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gitops.events.data.ChangeCause;

/**
 * The Git trailers describing one app/env change in a bumper commit, which the sync engine (and the bumper's own
 * crash recovery) read back. A commit changing several app/envs carries one group per change, each group starting
 * with {@code Gitops-App}:
 * <pre>
 * Gitops-App: shop
 * Gitops-Env: staging
 * Gitops-Tag: 9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070
 * Gitops-Previous-Tag: 1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e
 * Gitops-Source-Commit: 9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070
 * Gitops-Source-Commit-Time: 2026-11-27T09:59:58Z
 * Gitops-Pipeline: pl-shop-9f2c1e4b7a6d
 * Gitops-Cause: bump
 * Gitops-Caused-By: 2a1b3c4d-0000-3000-8000-000000000007
 * </pre>
 * Reverts add {@code Gitops-Quarantined-Tag}. Trailers whose value is unknown are left out.
 */
public record ChangeTrailers(
        String app,
        String env,
        String tag,
        String previousTag,
        String sourceCommit,
        Instant sourceCommitTime,
        String pipelineId,
        ChangeCause cause,
        String quarantinedTag,
        String causedBy) {

    public static final String APP = "Gitops-App";
    public static final String ENV = "Gitops-Env";
    public static final String TAG = "Gitops-Tag";
    public static final String PREVIOUS_TAG = "Gitops-Previous-Tag";
    public static final String SOURCE_COMMIT = "Gitops-Source-Commit";
    public static final String SOURCE_COMMIT_TIME = "Gitops-Source-Commit-Time";
    public static final String PIPELINE = "Gitops-Pipeline";
    public static final String CAUSE = "Gitops-Cause";
    public static final String QUARANTINED_TAG = "Gitops-Quarantined-Tag";
    public static final String CAUSED_BY = "Gitops-Caused-By";

    private static final Pattern TRAILER = Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]*): (.*)");
    private static final int MAX_VALUE = 200;

    /** The trailer lines of this group, in a fixed order. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        add(lines, APP, app);
        add(lines, ENV, env);
        add(lines, TAG, tag);
        add(lines, PREVIOUS_TAG, previousTag);
        add(lines, SOURCE_COMMIT, sourceCommit);
        add(lines, SOURCE_COMMIT_TIME, sourceCommitTime == null ? null : sourceCommitTime.toString());
        add(lines, PIPELINE, pipelineId);
        add(lines, CAUSE, cause == null ? null : cause.name().toLowerCase(Locale.ROOT));
        add(lines, QUARANTINED_TAG, quarantinedTag);
        add(lines, CAUSED_BY, causedBy);
        return lines;
    }

    private static void add(List<String> lines, String key, String value) {
        String clean = clean(value);
        if (clean != null) {
            lines.add(key + ": " + clean);
        }
    }

    /** One line, printable, bounded: trailers never break the message format. */
    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        String single = value.replaceAll("\\p{Cntrl}", " ").strip();
        if (single.isEmpty()) {
            return null;
        }
        return single.length() > MAX_VALUE ? single.substring(0, MAX_VALUE) : single;
    }

    /** The groups in the trailer block (the last paragraph) of {@code message}; empty when it has none. */
    public static List<ChangeTrailers> parse(String message) {
        String normalised = message.replace("\r\n", "\n").strip();
        int lastBreak = normalised.lastIndexOf("\n\n");
        String block = lastBreak < 0 ? normalised : normalised.substring(lastBreak + 2);
        List<ChangeTrailers> groups = new ArrayList<>();
        Builder current = null;
        for (String line : block.split("\n")) {
            Matcher matcher = TRAILER.matcher(line.strip());
            if (!matcher.matches()) {
                return List.of();
            }
            String key = matcher.group(1);
            String value = matcher.group(2).strip();
            if (key.equalsIgnoreCase(APP)) {
                if (current != null) {
                    current.build().ifPresent(groups::add);
                }
                current = new Builder(value);
            } else if (current != null) {
                current.set(key, value);
            }
        }
        if (current != null) {
            current.build().ifPresent(groups::add);
        }
        return List.copyOf(groups);
    }

    private static final class Builder {
        private final String app;
        private String env;
        private String tag;
        private String previousTag;
        private String sourceCommit;
        private Instant sourceCommitTime;
        private String pipelineId;
        private ChangeCause cause;
        private String quarantinedTag;
        private String causedBy;

        Builder(String app) {
            this.app = app;
        }

        void set(String key, String value) {
            switch (key.toLowerCase(Locale.ROOT)) {
                case "gitops-env" -> env = value;
                case "gitops-tag" -> tag = value;
                case "gitops-previous-tag" -> previousTag = value;
                case "gitops-source-commit" -> sourceCommit = value;
                case "gitops-source-commit-time" -> sourceCommitTime = instant(value);
                case "gitops-pipeline" -> pipelineId = value;
                case "gitops-cause" -> cause = cause(value);
                case "gitops-quarantined-tag" -> quarantinedTag = value;
                case "gitops-caused-by" -> causedBy = value;
                default -> {
                    // Other trailers (Signed-off-by, future keys) are not ours to read.
                }
            }
        }

        java.util.Optional<ChangeTrailers> build() {
            if (env == null || cause == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new ChangeTrailers(app, env, tag, previousTag, sourceCommit,
                    sourceCommitTime, pipelineId, cause, quarantinedTag, causedBy));
        }

        private static Instant instant(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private static ChangeCause cause(String value) {
            try {
                return ChangeCause.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
