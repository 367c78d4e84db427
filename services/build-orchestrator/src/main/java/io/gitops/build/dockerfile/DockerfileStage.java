package io.gitops.build.dockerfile;

import java.util.List;

/**
 * One build stage: its {@code FROM} base after ARG substitution, its alias, its instructions (FROM excluded) and
 * the variables in scope at each instruction.
 *
 * @param base           the base image or earlier stage alias, as written after substitution
 * @param unresolvedBase true when the base still refers to a variable with no value
 * @param alias          the {@code AS} name, or null
 * @param index          0-based position
 * @param line           the line of FROM
 */
public record DockerfileStage(String base, boolean unresolvedBase, String alias, int index, int line,
                              List<ResolvedInstruction> instructions) {

    public DockerfileStage {
        instructions = List.copyOf(instructions);
    }

    /** An instruction with its arguments after variable substitution. */
    public record ResolvedInstruction(String keyword, String arguments, int line) {
    }

    public boolean isScratch() {
        return "scratch".equalsIgnoreCase(base);
    }

    public boolean named(String name) {
        return alias != null && alias.equalsIgnoreCase(name) || String.valueOf(index).equals(name);
    }
}
