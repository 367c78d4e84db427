package io.gitops.build.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.gitops.build.dockerfile.Dockerfile;
import io.gitops.build.dockerfile.DockerfileStage;
import io.gitops.events.data.GateResult;

/**
 * The Dockerfile policy: multi-stage; the final stage runs as a non-root {@code USER} (not {@code root}, not UID 0,
 * inherited from an earlier stage it builds on when it sets none); no base image on {@code :latest} or untagged
 * ({@code scratch}, earlier stages and digest-pinned bases are fine).
 */
public final class DockerfilePolicyGate {

    private DockerfilePolicyGate() {
    }

    public static GateResult evaluate(Dockerfile dockerfile) {
        List<String> violations = new ArrayList<>();
        if (dockerfile.stages().size() < 2) {
            violations.add("not multi-stage (one FROM): build in an earlier stage and copy the result");
        }
        for (DockerfileStage stage : dockerfile.stages()) {
            String problem = baseProblem(dockerfile, stage);
            if (problem != null) {
                violations.add(problem);
            }
        }
        String user = effectiveUser(dockerfile, dockerfile.finalStage());
        if (user == null) {
            violations.add("the final stage sets no USER (it would run as root)");
        } else if (isRoot(user)) {
            violations.add("the final stage runs as root (USER " + user + ")");
        }
        if (!violations.isEmpty()) {
            return Gates.failed(Gates.DOCKERFILE_POLICY, String.join("; ", violations));
        }
        return Gates.passed(Gates.DOCKERFILE_POLICY, "multi-stage (" + dockerfile.stages().size() + " stages), USER "
                + user + ", bases pinned");
    }

    private static String baseProblem(Dockerfile dockerfile, DockerfileStage stage) {
        String where = "FROM on line " + stage.line();
        if (stage.unresolvedBase()) {
            return where + " uses a build argument without a value: '" + stage.base() + "'";
        }
        String base = stage.base();
        if (base.isBlank()) {
            return where + " names no image";
        }
        if (stage.isScratch() || dockerfile.stage(base, stage.index()).isPresent() || base.contains("@sha256:")) {
            return null;
        }
        String lastSegment = base.substring(base.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        if (colon < 0) {
            return where + ": base image " + base + " is untagged (that means :latest)";
        }
        if ("latest".equals(lastSegment.substring(colon + 1).toLowerCase(Locale.ROOT))) {
            return where + ": base image " + base + " is on :latest";
        }
        return null;
    }

    /** The USER the final stage runs as: its last USER, else the one of the earlier stage it builds on. */
    static String effectiveUser(Dockerfile dockerfile, DockerfileStage stage) {
        String user = null;
        for (DockerfileStage.ResolvedInstruction instruction : stage.instructions()) {
            if ("USER".equals(instruction.keyword())) {
                user = instruction.arguments().strip();
            }
        }
        if (user != null) {
            return user.isEmpty() ? null : user;
        }
        return dockerfile.stage(stage.base(), stage.index()).map(base -> effectiveUser(dockerfile, base)).orElse(null);
    }

    static boolean isRoot(String user) {
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return name.isBlank() || "root".equals(name) || name.matches("0+");
    }
}
