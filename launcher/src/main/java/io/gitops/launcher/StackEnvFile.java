package io.gitops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code .gitops/stack.env} back (the lines {@link StackInfo#toEnvFile()} writes). */
final class StackEnvFile {

    private static final Pattern LINE = Pattern.compile("^export ([A-Z0-9_]+)='(.*)'$");

    private StackEnvFile() {
    }

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                vars.put(matcher.group(1), matcher.group(2).replace("'\\''", "'"));
            }
        }
        return vars;
    }
}
