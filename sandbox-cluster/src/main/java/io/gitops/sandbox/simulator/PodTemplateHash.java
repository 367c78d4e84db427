package io.gitops.sandbox.simulator;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;

/**
 * The {@code pod-template-hash}: like the Deployment controller, an FNV-1a 32-bit hash of the pod template, printed in
 * decimal and re-encoded in the "safe" alphabet (no vowels, no look-alike characters).
 */
public final class PodTemplateHash {

  static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private PodTemplateHash() {
  }

  public static String of(PodTemplateSpec template) {
    byte[] bytes = Serialization.asJson(template).getBytes(StandardCharsets.UTF_8);
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= (b & 0xff);
      hash *= 0x01000193;
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  static String safeEncode(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
    }
    return sb.toString();
  }
}
