package io.gitops.sync.manifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code sha256:<hex>} digests of canonical JSON (map keys sorted), so equal content always has an equal digest. */
public final class Digests {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Digests() {
    }

    /** The digest of objects in the given order (callers pass them in apply order). */
    public static String of(List<ObjectNode> objects) {
        MessageDigest sha = sha256();
        for (ObjectNode object : objects) {
            sha.update(canonical(object).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    public static String ofText(String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    static String canonical(ObjectNode object) {
        try {
            Object tree = CANONICAL.treeToValue(object, Object.class);
            return CANONICAL.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("object not serialisable", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
