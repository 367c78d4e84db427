package io.gitops.build.exec.kubernetes;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The POSIX {@code sh} script the build Job's container runs: {@code buildah bud} of the checked-out commit
 * ({@code --storage-driver vfs}, {@code --isolation chroot}, storage in an {@code emptyDir}), then
 * {@code buildah push --digestfile} to the image reference, then the digest on a {@code ::gitops-digest::} line and
 * in the termination message. Everything it needs comes from the environment ({@link #VARIABLES}), so the same text
 * runs in the Job and in the tests.
 */
public final class BuildScript {

    public static final String DIGEST_MARKER = "::gitops-digest::";

    /** Image reference built and pushed to ({@code host/name:sha}). */
    public static final String IMAGE = "GITOPS_IMAGE";
    /** The build context (the checkout). */
    public static final String CONTEXT = "GITOPS_CONTEXT";
    /** The Dockerfile, relative to the context. */
    public static final String DOCKERFILE = io.gitops.build.exec.CommandSpec.DOCKERFILE;
    /** Writable directory for buildah's storage, its run root and temporary files. */
    public static final String STORAGE = "GITOPS_STORAGE";
    /** {@code true} (default) or {@code false}: TLS verification of the push. */
    public static final String TLS_VERIFY = "GITOPS_TLS_VERIFY";
    /** {@code KEY=VALUE} build arguments, one a line. */
    public static final String BUILD_ARGS = io.gitops.build.exec.CommandSpec.BUILD_ARGS;
    /** The buildah binary (default {@code buildah}). */
    public static final String BUILDAH = "GITOPS_BUILDAH";
    /** Where the digest is written besides the log (default the container's termination log). */
    public static final String TERMINATION_LOG = "GITOPS_TERMINATION_LOG";

    /** The variables the script reads (plus {@code REGISTRY_AUTH_FILE} when set). */
    public static final java.util.List<String> VARIABLES = java.util.List.of(IMAGE, CONTEXT, DOCKERFILE, STORAGE,
            TLS_VERIFY, BUILD_ARGS, BUILDAH, TERMINATION_LOG);

    public static final String SCRIPT = """
            set -eu
            b="${GITOPS_BUILDAH:-buildah}"
            s="$GITOPS_STORAGE"
            mkdir -p "$s/root" "$s/runroot" "$s/tmp"
            export TMPDIR="$s/tmp"
            set --
            while IFS= read -r arg; do
              if [ -n "$arg" ]; then set -- "$@" --build-arg "$arg"; fi
            done <<GITOPS_BUILD_ARGS_END
            ${GITOPS_BUILD_ARGS:-}
            GITOPS_BUILD_ARGS_END
            echo "building $GITOPS_IMAGE from $GITOPS_DOCKERFILE with buildah (vfs, chroot isolation)"
            "$b" --root "$s/root" --runroot "$s/runroot" --storage-driver vfs bud --isolation chroot --layers=false \\
              -f "$GITOPS_CONTEXT/$GITOPS_DOCKERFILE" -t "$GITOPS_IMAGE" "$@" "$GITOPS_CONTEXT"
            set -- "--tls-verify=${GITOPS_TLS_VERIFY:-true}"
            if [ -n "${REGISTRY_AUTH_FILE:-}" ]; then set -- "$@" --authfile "$REGISTRY_AUTH_FILE"; fi
            rm -f "$s/digest"
            echo "pushing $GITOPS_IMAGE"
            "$b" --root "$s/root" --runroot "$s/runroot" --storage-driver vfs push "$@" --digestfile "$s/digest" \\
              "$GITOPS_IMAGE" "docker://$GITOPS_IMAGE"
            digest="$(cat "$s/digest")"
            echo "::gitops-digest::$digest"
            t="${GITOPS_TERMINATION_LOG:-/dev/termination-log}"
            if [ -w "$t" ]; then printf '%s' "$digest" > "$t"; fi
            """;

    private static final Pattern DIGEST = Pattern.compile("^" + Pattern.quote(DIGEST_MARKER)
            + "(sha256:[0-9a-f]{64})\\s*$", Pattern.MULTILINE);

    private BuildScript() {
    }

    /** {@code KEY=VALUE} lines of the build arguments, sorted. */
    public static String buildArgs(Map<String, String> args) {
        return args.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    /** The digest the script printed (the last one), or else the one in the termination message. */
    public static Optional<String> digest(String log, String terminationMessage) {
        Matcher matcher = DIGEST.matcher(log == null ? "" : log);
        String found = null;
        while (matcher.find()) {
            found = matcher.group(1);
        }
        if (found == null && terminationMessage != null
                && terminationMessage.strip().matches("sha256:[0-9a-f]{64}")) {
            found = terminationMessage.strip();
        }
        return Optional.ofNullable(found);
    }
}
