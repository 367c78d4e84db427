package io.gitops.kit.registry;

/** A registry user and password (or token); {@link #toString()} never shows the password. */
public record RegistryCredentials(String username, String password) {

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=***]";
    }
}
