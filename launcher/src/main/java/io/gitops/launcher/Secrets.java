package io.gitops.launcher;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets for one run of the embedded stack (webhook secret, Git password). */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String random() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
