package io.gitops.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Hub-Signature-256}: HMAC-SHA256 of the raw body bytes, hex, prefixed {@code sha256=}, compared
 * in constant time against every accepted secret (several during a rotation).
 */
public final class SignatureVerifier {

    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    public SignatureVerifier(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        this.keys = secrets.stream().map(s -> new SecretKeySpec(s, ALGORITHM)).toList();
    }

    /** True when {@code signatureHeader} is a valid signature of {@code body} under one of the secrets. */
    public boolean verify(byte[] body, String signatureHeader) {
        if (signatureHeader == null || !signatureHeader.startsWith(PREFIX)
                || signatureHeader.length() != PREFIX.length() + 64) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(signatureHeader.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean valid = false;
        for (SecretKeySpec key : keys) {
            // Check every key so the time taken does not tell which one matched.
            valid |= MessageDigest.isEqual(hmac(key, body), expected);
        }
        return valid;
    }

    /** The header value GitHub would send for {@code body} signed with {@code secret}. */
    public static String sign(byte[] secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(new SecretKeySpec(secret, ALGORITHM), body));
    }

    public static String sign(String secret, byte[] body) {
        return sign(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
