package io.gitops.bumper.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.gitops.bumper.artifacts.ImageDigests;
import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;

/**
 * A registry for tests: by default it has every tag, under the digest {@link #digestOf}; a tag can be removed or given
 * another digest, and the whole registry taken down (every answer transient). Records what it was asked.
 */
public final class FakeRegistry implements ImageDigests {

    private final Map<String, Optional<String>> overrides = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    /** The digest the registry names for {@code repository:tag} unless told otherwise. */
    public static String digestOf(String repository, String tag) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((repository + ":" + tag).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Outcome<Optional<String>> digest(ImageRepository repository, String tag) {
        asked.add(repository + ":" + tag);
        if (down) {
            return Outcome.transientFailure("registry " + repository.host() + " unreachable: connection refused",
                    null);
        }
        Optional<String> override = overrides.get(tag);
        return Outcome.success(override != null ? override : Optional.of(digestOf(repository.toString(), tag)));
    }

    /** The registry does not have {@code tag}. */
    public FakeRegistry without(String tag) {
        overrides.put(tag, Optional.empty());
        return this;
    }

    /** The registry names {@code digest} for {@code tag}. */
    public FakeRegistry with(String tag, String digest) {
        overrides.put(tag, Optional.of(digest));
        return this;
    }

    public FakeRegistry down(boolean down) {
        this.down = down;
        return this;
    }

    /** {@code repository:tag} of every question, in order. */
    public List<String> asked() {
        return List.copyOf(asked);
    }
}
