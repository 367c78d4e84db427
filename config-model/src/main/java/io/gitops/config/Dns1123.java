package io.gitops.config;

import java.util.regex.Pattern;

/** DNS-1123 labels: what application, environment and namespace names must be before they touch a path or a key. */
public final class Dns1123 {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    public static final int MAX_LENGTH = 63;

    private Dns1123() {
    }

    public static boolean isLabel(String value) {
        return value != null && value.length() <= MAX_LENGTH && LABEL.matcher(value).matches();
    }

    /** Why {@code value} is not a label, or null when it is one. */
    public static String problem(String what, String value) {
        if (value == null || value.isEmpty()) {
            return what + " is missing";
        }
        if (value.length() > MAX_LENGTH) {
            return what + " '" + abbreviate(value) + "' is longer than " + MAX_LENGTH + " characters";
        }
        if (!LABEL.matcher(value).matches()) {
            return what + " '" + abbreviate(value) + "' is not a DNS-1123 label (lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit)";
        }
        return null;
    }

    /** Returns {@code value} when it is a label, else throws with the reason. */
    public static String requireLabel(String what, String value) {
        String problem = problem(what, value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
