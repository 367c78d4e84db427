package io.gitops.build.gate;


import io.gitops.events.CommitShas;
import io.gitops.events.data.GateResult;

/** The image tag is the full 40-character commit SHA it was built from: never {@code latest}, never abbreviated. */
public final class ImageTagGate {


    private ImageTagGate() {
    }

    /**
     * The gate for an image reference ({@code [host[:port]/]path:tag}): its tag must be the commit built. A reference
     * without a tag (or pinned only by digest) fails.
     */
    public static GateResult forImage(String reference, String commit) {
        return evaluate(tagOf(reference), commit);
    }

    /** The tag of {@code reference}, or null when it has none. */
    static String tagOf(String reference) {
        if (reference == null) {
            return null;
        }
        String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(colon + 1) : null;
    }

    public static GateResult evaluate(String tag, String commit) {
        if (!CommitShas.isFull(tag)) {
            return Gates.failed(Gates.IMAGE_TAG, "tag '" + tag + "' is not a full 40-character commit SHA");
        }
        if (!tag.equals(commit)) {
            return Gates.failed(Gates.IMAGE_TAG, "tag " + tag + " is not the commit built (" + commit + ")");
        }
        return Gates.passed(Gates.IMAGE_TAG, "full commit SHA " + tag);
    }
}
