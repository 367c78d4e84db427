package io.gitops.config;

/** A problem in a configuration file, located by file, line and column (1-based; 0 when unknown). */
public record ConfigProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
