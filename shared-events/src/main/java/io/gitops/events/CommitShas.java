package io.gitops.events;

import java.util.regex.Pattern;

/**
 * The one rule for a full commit SHA: 40 lower-case hex digits. The platform tags every image with the full SHA of
 * the commit it was built from ({@code artifact.published}), so this is also the only image tag it deploys.
 */
public final class CommitShas {

    private static final Pattern FULL = Pattern.compile("[0-9a-f]{40}");

    private CommitShas() {
    }

    /** Whether {@code value} is a full commit SHA (null is not). */
    public static boolean isFull(String value) {
        return value != null && FULL.matcher(value).matches();
    }
}
