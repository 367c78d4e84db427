package io.gitops.kit.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON Web Token a GitHub App signs to ask for installation tokens: RS256, issued 60 s in the past (clock drift,
 * as GitHub recommends), expiring at most 10 minutes later, issuer the App id. The one copy: the config-bumper signs
 * with it for installation tokens, the build-orchestrator to redeliver failed webhook deliveries.
 */
public final class RsaJwt {

    public static final Duration MAX_TTL = Duration.ofMinutes(10);
    private static final Duration BACKDATE = Duration.ofSeconds(60);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private RsaJwt() {
    }

    public static String sign(PrivateKey key, String issuer, Instant now, Duration ttl) {
        if (!issuer.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a GitHub App id or client id is letters and digits");
        }
        Duration lifetime = ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        long issuedAt = now.minus(BACKDATE).getEpochSecond();
        long expires = now.plus(lifetime).getEpochSecond();
        String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = URL.encodeToString(("{\"iat\":" + issuedAt + ",\"exp\":" + expires + ",\"iss\":\"" + issuer
                + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + payload;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the GitHub App JWT: " + e.getClass().getSimpleName(), e);
        }
    }
}
