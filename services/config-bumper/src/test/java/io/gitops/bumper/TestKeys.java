package io.gitops.bumper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An RSA key generated for the test run, as GitHub hands App keys out (PKCS#1 PEM), and a JWT checker. */
public final class TestKeys {

    static final KeyPair KEYS = generate();

    private TestKeys() {
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pkcs8Pem() {
        return pem("PRIVATE KEY", KEYS.getPrivate().getEncoded());
    }

    /** The PKCS#1 RSAPrivateKey inside the PKCS#8 encoding (the OCTET STRING after the algorithm identifier). */
    public static String pkcs1Pem() {
        byte[] pkcs8 = KEYS.getPrivate().getEncoded();
        int at = 4 + 3 + 15; // SEQUENCE header (long form, 2 length bytes), version, AlgorithmIdentifier
        if (pkcs8[at] != 0x04 || pkcs8[at + 1] != (byte) 0x82) {
            throw new IllegalStateException("unexpected PKCS#8 layout");
        }
        int length = ((pkcs8[at + 2] & 0xff) << 8) | (pkcs8[at + 3] & 0xff);
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, at + 4, at + 4 + length));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The JWT's header and claims when its RS256 signature verifies with {@code key}, else an exception. */
    static JsonNode[] verify(String jwt, PublicKey key) throws GeneralSecurityException, java.io.IOException {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT");
        }
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new GeneralSecurityException("JWT signature does not verify");
        }
        ObjectMapper json = new ObjectMapper();
        return new JsonNode[] {json.readTree(Base64.getUrlDecoder().decode(parts[0])),
            json.readTree(Base64.getUrlDecoder().decode(parts[1]))};
    }
}
