package io.gitops.build.gate;

import java.util.regex.Pattern;

import io.gitops.events.data.GateResult;

/** The image tag is the full 40-character commit SHA it was built from: never {@code latest}, never abbreviated. */
public final class ImageTagGate {

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

    private ImageTagGate() {
    }

    public static GateResult evaluate(String tag, String commit) {
        if (tag == null || !FULL_SHA.matcher(tag).matches()) {
            return Gates.failed(Gates.IMAGE_TAG, "tag '" + tag + "' is not a full 40-character commit SHA");
        }
        if (!tag.equals(commit)) {
            return Gates.failed(Gates.IMAGE_TAG, "tag " + tag + " is not the commit built (" + commit + ")");
        }
        return Gates.passed(Gates.IMAGE_TAG, "full commit SHA " + tag);
    }
}
