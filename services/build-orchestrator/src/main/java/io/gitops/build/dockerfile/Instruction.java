package io.gitops.build.dockerfile;

/** One Dockerfile instruction: upper-cased keyword, raw arguments (continuations joined) and its first line. */
public record Instruction(String keyword, String arguments, int line) {
}
