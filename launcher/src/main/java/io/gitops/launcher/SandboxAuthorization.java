package io.gitops.launcher;

import java.util.Locale;

/**
 * Whether the stack's sandbox cluster authenticates and authorizes like kube-apiserver ({@value #SETTING}): on (the
 * default), every service runs with its own ServiceAccount's token under the chart's RBAC; off (for debugging), the
 * sandbox serves plain http without credentials and the services share the admin kubeconfig.
 */
public enum SandboxAuthorization {
    ON, OFF;

    /** {@code on} (the default) or {@code off}. */
    public static final String SETTING = "GITOPS_SANDBOX_AUTHORIZATION";

    public static SandboxAuthorization fromSetting(String setting) {
        String value = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "on", "true" -> ON;
            case "off", "false" -> OFF;
            default -> throw new StackException(SETTING + "=" + setting + " is not known: use on (the default) or off");
        };
    }

    public boolean enabled() {
        return this == ON;
    }
}
