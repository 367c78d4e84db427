package io.gitops.build.exec.kubernetes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

import io.gitops.config.ConfigRepoLayout;

/**
 * Report files travel back from a stage Job in its log: after the command, the Job prints each collected file as a
 * {@code ::gitops-file::<path>} line followed by one line of base64, then {@code ::gitops-exit::<status>}. This
 * class writes that wrapper and reads it back (into the local workspace, at the same relative paths).
 */
public final class LogReports {

    static final String FILE_MARKER = "::gitops-file::";
    static final String EXIT_MARKER = "::gitops-exit::";
    static final long MAX_FILE_BYTES = 4 * 1024 * 1024;

    private LogReports() {
    }

    /** The container's shell script: the stage command, then the collected files and the exit status. */
    public static String wrap(String command, List<String> collect) {
        StringBuilder script = new StringBuilder();
        script.append("bash -c ").append(quote(command)).append("\nrc=$?\n");
        for (String path : collect) {
            script.append("if [ -e ").append(quote(path)).append(" ]; then find ").append(quote(path))
                    .append(" -type f -size -").append(MAX_FILE_BYTES / 1024).append("k | while read -r f; do echo \"")
                    .append(FILE_MARKER).append("$f\"; base64 -w0 \"$f\"; echo; done; fi\n");
        }
        script.append("echo \"").append(EXIT_MARKER).append("$rc\"\nexit $rc\n");
        return script.toString();
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }

    /** What a stage Job's log held: its output without the file payloads, and the exit status it printed. */
    public record Parsed(String output, OptionalInt exitCode, int files) {
    }

    /** Writes the files of {@code log} under {@code root} (paths escaping it are skipped) and returns the rest. */
    public static Parsed extract(String log, Path root) throws IOException {
        StringBuilder output = new StringBuilder();
        OptionalInt exit = OptionalInt.empty();
        int files = 0;
        String[] lines = log.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(FILE_MARKER) && i + 1 < lines.length) {
                String path = line.substring(FILE_MARKER.length()).strip();
                String relative = path.startsWith("./") ? path.substring(2) : path;
                byte[] content;
                try {
                    content = Base64.getDecoder().decode(lines[++i].strip());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (ConfigRepoLayout.isSafeRelativePath(relative)) {
                    try {
                        io.gitops.build.report.WorkspaceFiles.write(root, relative, content);
                        files++;
                    } catch (IllegalArgumentException e) {
                        output.append("(report ").append(relative).append(" not written: ").append(e.getMessage())
                                .append(")\n");
                    }
                }
            } else if (line.startsWith(EXIT_MARKER)) {
                try {
                    exit = OptionalInt.of(Integer.parseInt(line.substring(EXIT_MARKER.length()).strip()));
                } catch (NumberFormatException e) {
                    // not ours
                }
            } else {
                output.append(line).append('\n');
            }
        }
        return new Parsed(output.toString().stripTrailing(), exit, files);
    }
}
