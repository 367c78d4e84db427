package io.gitops.kit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.kit.Outcome;

/**
 * One OCI image layout directory (image-spec {@code image-layout.md}): {@code oci-layout}, {@code index.json} and
 * content-addressed {@code blobs/<algorithm>/<hex>}. Tags are the {@code org.opencontainers.image.ref.name}
 * annotation of the index's manifest descriptors and are immutable, as in ECR: adopting a tag that already names a
 * different digest is refused. Writers (pipelines in this JVM, other processes) are serialised by a lock file;
 * {@code index.json} is replaced atomically, so readers never see half of it.
 */
public final class OciImageLayout {

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String LAYOUT_VERSION = "1.0.0";
    private static final Pattern DIGEST = Pattern.compile("(sha256|sha512):[0-9a-f]{64,128}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    public OciImageLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The layout of the image repository {@code path} under {@code directory} ({@code <directory>/<path>}); a
     * permanent failure for a path that would leave the directory.
     */
    public static Outcome<OciImageLayout> under(Path directory, String path) {
        Path base = directory.toAbsolutePath().normalize();
        Path layout = base.resolve(path).normalize();
        if (!layout.startsWith(base) || layout.equals(base) || path.contains("..")) {
            return Outcome.permanent("image repository path '" + path + "' cannot be an OCI layout under " + base);
        }
        return Outcome.success(new OciImageLayout(layout));
    }

    /** The manifest digest {@code tag} names, empty when the layout or the tag is not there. */
    public Outcome<Optional<String>> digest(String tag) {
        Outcome<ArrayNode> manifests = manifests(root);
        if (!(manifests instanceof Outcome.Success<ArrayNode> read)) {
            return retype(manifests);
        }
        Outcome<Optional<String>> found = find(read.value(), tag, root);
        if (found instanceof Outcome.Success<Optional<String>> ok && ok.value().isPresent()
                && !Files.isRegularFile(blob(root, ok.value().get()))) {
            return Outcome.permanent("OCI layout " + root + " is damaged: " + tag + " names " + ok.value().get()
                    + " but its blob is missing");
        }
        return found;
    }

    /**
     * Adopts the image tagged {@code tag} from {@code staged} (a layout a builder just wrote): copies its blobs, then
     * adds its descriptor to this layout's index. Idempotent for the same digest; refuses a different one.
     *
     * @return the manifest digest
     */
    public Outcome<String> adopt(Path staged, String tag) {
        Outcome<ArrayNode> stagedManifests = manifests(staged);
        if (!(stagedManifests instanceof Outcome.Success<ArrayNode> stagedRead)) {
            return retype(stagedManifests);
        }
        JsonNode descriptor = null;
        for (JsonNode entry : stagedRead.value()) {
            if (tag.equals(entry.path("annotations").path(REF_NAME).asText(null))) {
                descriptor = entry;
            }
        }
        if (descriptor == null) {
            return Outcome.permanent("the pushed layout " + staged + " holds no image tagged " + tag);
        }
        String digest = descriptor.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            return Outcome.permanent("the pushed layout " + staged + " names an invalid digest for " + tag + ": '"
                    + digest + "'");
        }
        if (!Files.isRegularFile(blob(staged, digest))) {
            return Outcome.permanent("the pushed layout " + staged + " lacks the manifest blob " + digest);
        }
        try {
            String actual = sha256(blob(staged, digest));
            if (digest.startsWith("sha256:") && !digest.equals(actual)) {
                return Outcome.permanent("the pushed manifest of " + tag + " does not match its digest " + digest
                        + " (content is " + actual + ")");
            }
            synchronized (LOCKS.computeIfAbsent(root, r -> new Object())) {
                Files.createDirectories(root);
                try (FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                    return adoptLocked(staged, tag, descriptor, digest);
                }
            }
        } catch (IOException e) {
            return Outcome.transientFailure("cannot write OCI layout " + root + ": " + e.getMessage(), e);
        }
    }

    private Outcome<String> adoptLocked(Path staged, String tag, JsonNode descriptor, String digest)
            throws IOException {
        Path layoutFile = root.resolve("oci-layout");
        if (Files.exists(layoutFile)) {
            Outcome<JsonNode> marker = parse(layoutFile);
            if (!(marker instanceof Outcome.Success<JsonNode> ok)) {
                return retype(marker);
            }
            String version = ok.value().path("imageLayoutVersion").asText("");
            if (!LAYOUT_VERSION.equals(version)) {
                return Outcome.permanent("OCI layout " + root + " has imageLayoutVersion '" + version + "', expected "
                        + LAYOUT_VERSION);
            }
        }
        Outcome<ArrayNode> existing = manifests(root);
        if (!(existing instanceof Outcome.Success<ArrayNode> current)) {
            return retype(existing);
        }
        Outcome<Optional<String>> tagged = find(current.value(), tag, root);
        if (!(tagged instanceof Outcome.Success<Optional<String>> known)) {
            return retype(tagged);
        }
        if (known.value().isPresent()) {
            if (known.value().get().equals(digest)) {
                return Outcome.success(digest);
            }
            return Outcome.permanent("tag " + tag + " already names " + known.value().get() + " in OCI layout " + root
                    + "; tags are immutable, refusing " + digest);
        }
        copyBlobs(staged);
        if (!Files.exists(layoutFile)) {
            writeAtomically(layoutFile, "{\"imageLayoutVersion\":\"" + LAYOUT_VERSION + "\"}");
        }
        ObjectNode index = Files.exists(root.resolve("index.json"))
                ? (ObjectNode) JSON.readTree(root.resolve("index.json").toFile())
                : JSON.createObjectNode().put("schemaVersion", 2);
        ArrayNode manifests = index.has("manifests") ? (ArrayNode) index.get("manifests") : index.putArray("manifests");
        manifests.add(descriptor);
        writeAtomically(root.resolve("index.json"), JSON.writeValueAsString(index));
        return Outcome.success(digest);
    }

    private void copyBlobs(Path staged) throws IOException {
        Path blobs = staged.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return;
        }
        List<Path> files;
        try (var walk = Files.walk(blobs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = root.resolve("blobs").resolve(blobs.relativize(file).toString());
            if (Files.exists(target)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID());
            Files.copy(file, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + "-" + UUID.randomUUID());
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The index's manifest descriptors; none when there is no index yet; a permanent failure when it is corrupt. */
    private static Outcome<ArrayNode> manifests(Path layout) {
        Path index = layout.resolve("index.json");
        if (!Files.exists(index)) {
            return Outcome.success(JSON.createArrayNode());
        }
        Outcome<JsonNode> parsed = parse(index);
        if (!(parsed instanceof Outcome.Success<JsonNode> ok)) {
            return retype(parsed);
        }
        JsonNode manifests = ok.value().get("manifests");
        if (!ok.value().isObject() || ok.value().path("schemaVersion").asInt(0) != 2
                || manifests == null || !manifests.isArray()) {
            return Outcome.permanent(index + " is not an OCI image index (schemaVersion 2 with a manifests array)");
        }
        return Outcome.success((ArrayNode) manifests);
    }

    private static Outcome<JsonNode> parse(Path file) {
        try {
            return Outcome.success(JSON.readTree(file.toFile()));
        } catch (JsonProcessingException e) {
            return Outcome.permanent(file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Outcome.transientFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Outcome<Optional<String>> find(ArrayNode manifests, String tag, Path layout) {
        for (JsonNode entry : manifests) {
            if (tag.equals(entry.path("annotations").path(REF_NAME).asText(null))) {
                String digest = entry.path("digest").asText("");
                if (!DIGEST.matcher(digest).matches()) {
                    return Outcome.permanent(layout.resolve("index.json") + " names an invalid digest for " + tag
                            + ": '" + digest + "'");
                }
                return Outcome.success(Optional.of(digest));
            }
        }
        return Outcome.success(Optional.empty());
    }

    /** Where the blob of {@code digest} lives in {@code layout}. */
    public static Path blob(Path layout, String digest) {
        int colon = digest.indexOf(':');
        return layout.resolve("blobs").resolve(digest.substring(0, colon)).resolve(digest.substring(colon + 1));
    }

    /** {@code sha256:<hex>} of a file's content. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    private static <T> Outcome<T> retype(Outcome<?> failed) {
        if (failed instanceof Outcome.PermanentFailure<?> p) {
            return Outcome.permanent(p.reason(), p.cause());
        }
        Outcome.TransientFailure<?> t = (Outcome.TransientFailure<?>) failed;
        return Outcome.transientFailure(t.reason(), t.cause());
    }
}
