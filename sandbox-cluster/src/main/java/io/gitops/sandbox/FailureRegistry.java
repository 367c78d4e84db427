package io.gitops.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The failures the sandbox is told to simulate, per image reference. A rule is either an exact image string
 * ({@code registry/app:1.2.3}) or a tag rule written {@code :<tag>}, which matches any image with that tag.
 * An exact rule wins over a tag rule.
 */
public final class FailureRegistry {

  private final Map<String, FailureMode> rules = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** Makes containers of {@code image} (exact reference, or {@code :tag}) fail in the given way. */
  public void fail(String image, FailureMode mode) {
    rules.put(requireImage(image), mode);
    listeners.forEach(l -> l.accept(image));
  }

  /** Clears the rule for {@code image}; returns whether there was one. */
  public boolean clear(String image) {
    boolean removed = rules.remove(requireImage(image)) != null;
    listeners.forEach(l -> l.accept(image));
    return removed;
  }

  /** The failure that applies to a container image, if any. */
  public Optional<FailureMode> modeFor(String image) {
    if (image == null) {
      return Optional.empty();
    }
    FailureMode exact = rules.get(image);
    if (exact != null) {
      return Optional.of(exact);
    }
    String tag = tagOf(image);
    return tag == null ? Optional.empty() : Optional.ofNullable(rules.get(":" + tag));
  }

  /** The rules, sorted by image. */
  public Map<String, FailureMode> rules() {
    return new TreeMap<>(rules);
  }

  /** Called with the rule's image whenever a rule is set or cleared. */
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  static String tagOf(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = withoutDigest.lastIndexOf(':');
    int slash = withoutDigest.lastIndexOf('/');
    return colon > slash ? withoutDigest.substring(colon + 1) : null;
  }

  private static String requireImage(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("image is required");
    }
    return image.trim();
  }
}
