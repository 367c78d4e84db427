package io.gitops.build.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gitops.build.exec.SecretMask;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitSecret;

/**
 * Every secret value the orchestrator holds, for the {@link SecretMask}: the app checkout and config repository
 * credentials (secret files read again each time), the registry password, the SonarQube token, and the values of
 * its environment variables whose names say they are secret ({@code *TOKEN*}, {@code *PASSWORD*}, {@code *SECRET*},
 * {@code *CREDENTIAL*}, {@code *_KEY}, {@code *JAAS*}, {@code AWS_ACCESS_KEY_ID}; with the {@code password="…"} of a
 * JAAS configuration on its own).
 */
public final class SecretValues {

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|_KEY|JAAS|AWS_ACCESS_KEY_ID).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password\\s*=\\s*\"([^\"]+)\"");
    /** Shorter values of such variables are flags or names, not secrets; masking them would garble the output. */
    private static final int MIN_ENV_VALUE = 4;

    private SecretValues() {
    }

    /** The mask of these settings and this environment. */
    public static SecretMask mask(BuildSettings settings, Map<String, String> environment) {
        Map<String, String> env = Map.copyOf(environment);
        return SecretMask.of(() -> values(settings, env));
    }

    /** The values as of now. */
    public static List<String> values(BuildSettings settings, Map<String, String> environment) {
        List<String> values = new ArrayList<>();
        reveal(settings.repositories().credentials()).ifPresent(values::add);
        reveal(settings.repositories().configRepo().credentials()).ifPresent(values::add);
        settings.registry().credentials().ifPresent(c -> values.add(c.password()));
        settings.sonar().token().ifPresent(values::add);
        values.addAll(fromEnvironment(environment));
        return values;
    }

    /** The values of the variables whose names say they are secret (and the passwords of JAAS configurations). */
    static List<String> fromEnvironment(Map<String, String> environment) {
        List<String> values = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (value == null || !SECRET_NAME.matcher(name).matches()) {
                return;
            }
            if (value.strip().length() >= MIN_ENV_VALUE) {
                values.add(value);
            }
            Matcher jaas = JAAS_PASSWORD.matcher(value);
            while (jaas.find()) {
                values.add(jaas.group(1));
            }
        });
        return values;
    }

    private static Optional<String> reveal(GitCredentials credentials) {
        Optional<GitSecret> secret = credentials.secret();
        if (secret.isEmpty() || secret.get() instanceof GitSecret.FromSource) {
            // a token source (GitHub App) mints tokens: asking it here would mint one for nothing
            return Optional.empty();
        }
        try {
            return Optional.of(secret.get().reveal());
        } catch (RuntimeException e) {
            return Optional.empty(); // an unreadable secret file fails the checkout, which says so
        }
    }
}
