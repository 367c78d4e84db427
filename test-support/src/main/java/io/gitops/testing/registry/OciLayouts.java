package io.gitops.testing.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes OCI image layouts for tests, as {@code buildah push oci:<dir>:<tag>} leaves them: one manifest blob (its
 * content given) under {@code blobs/sha256/}, tagged in {@code index.json}, and the {@code oci-layout} marker.
 */
public final class OciLayouts {

    private OciLayouts() {
    }

    /**
     * Adds an image tagged {@code tag} to the layout at {@code dir} (written when missing; a layout this class wrote
     * keeps its other tags); returns its digest ({@code sha256:…}).
     */
    public static String stage(Path dir, String tag, String manifest) throws IOException {
        byte[] content = manifest.getBytes(StandardCharsets.UTF_8);
        String hex;
        try {
            hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
        Path blob = dir.resolve("blobs/sha256").resolve(hex);
        Files.createDirectories(blob.getParent());
        Files.write(blob, content);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        String descriptor = """
                {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,\
                "annotations":{"org.opencontainers.image.ref.name":"%s"}}""".formatted(hex, content.length, tag);
        Path index = dir.resolve("index.json");
        String existing = Files.exists(index) ? Files.readString(index).strip() : "";
        Files.writeString(index, existing.endsWith("}]}")
                ? existing.substring(0, existing.length() - 2) + "," + descriptor + "]}"
                : "{\"schemaVersion\":2,\"manifests\":[" + descriptor + "]}");
        return "sha256:" + hex;
    }
}
