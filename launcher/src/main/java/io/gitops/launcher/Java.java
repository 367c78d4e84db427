package io.gitops.launcher;

import java.nio.file.Path;

/** The Java executable the launcher itself runs on, used for every JVM of the stack. */
final class Java {

    private Java() {
    }

    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
