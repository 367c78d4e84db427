package io.gitops.sandbox.apiserver.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens: the admin token, tokens for any user and groups (like kube-apiserver's static token file), and
 * ServiceAccount tokens shaped like the bound JWTs of the TokenRequest API. Every token is kept in memory with its
 * identity and expiry; a ServiceAccount's tokens die with it.
 */
public final class TokenAuthenticator {

  public static final String ADMIN_USER = "admin";
  public static final String DEFAULT_AUDIENCE = "https://kubernetes.default.svc.cluster.local";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a token stands for; {@code serviceAccountUid} is null for other tokens. */
  private record Grant(UserInfo user, Instant expires, String namespace, String serviceAccount,
      String serviceAccountUid) {
  }

  /** A token issued for a ServiceAccount. */
  public record IssuedToken(String token, Instant expirationTimestamp) {
  }

  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private final Clock clock;
  private final byte[] signingKey = randomBytes(32);
  private final String adminToken;

  public TokenAuthenticator(Clock clock) {
    this.clock = clock;
    this.adminToken = issueUser(ADMIN_USER, List.of(UserInfo.MASTERS), null);
  }

  /** The token of user {@code admin} in group {@code system:masters}; it does not expire. */
  public String adminToken() {
    return adminToken;
  }

  /**
   * A token for {@code user} in {@code groups} (plus {@code system:authenticated}), valid for {@code ttl}
   * (null: forever).
   */
  public String issueUser(String user, List<String> groups, Duration ttl) {
    List<String> all = new ArrayList<>(groups);
    if (!all.contains(UserInfo.AUTHENTICATED)) {
      all.add(UserInfo.AUTHENTICATED);
    }
    String token = "sandbox-" + HexFormat.of().formatHex(randomBytes(24));
    tokens.put(token, new Grant(new UserInfo(user, all), ttl == null ? null : clock.instant().plus(ttl), null,
        null, null));
    return token;
  }

  /** A JWT-shaped token for the ServiceAccount {@code namespace/name} with that uid. */
  public IssuedToken issueServiceAccount(String namespace, String name, String uid, Duration ttl,
      List<String> audiences) {
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    ObjectNode header = JsonNodeFactory.instance.objectNode().put("alg", "HS256").put("kid", "sandbox");
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    audiences.forEach(claims.putArray("aud")::add);
    claims.put("exp", expires.getEpochSecond());
    claims.put("iat", now.getEpochSecond());
    claims.put("iss", DEFAULT_AUDIENCE);
    claims.put("jti", UUID.randomUUID().toString());
    ObjectNode k8s = claims.putObject("kubernetes.io");
    k8s.put("namespace", namespace);
    k8s.putObject("serviceaccount").put("name", name).put("uid", uid);
    claims.put("nbf", now.getEpochSecond());
    claims.put("sub", UserInfo.serviceAccountUser(namespace, name));
    String unsigned = b64(header.toString()) + "." + b64(claims.toString());
    String token = unsigned + "." + B64.encodeToString(sign(unsigned));
    tokens.put(token, new Grant(UserInfo.serviceAccount(namespace, name), expires, namespace, name, uid));
    return new IssuedToken(token, expires);
  }

  /** The identity of an {@code Authorization} header value ({@code Bearer <token>}), if valid and unexpired. */
  public Optional<UserInfo> authenticate(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring(7).trim();
    Grant grant = tokens.get(token);
    if (grant == null) {
      return Optional.empty();
    }
    if (grant.expires() != null && !clock.instant().isBefore(grant.expires())) {
      tokens.remove(token);
      return Optional.empty();
    }
    return Optional.of(grant.user());
  }

  /** Invalidates the tokens of a deleted ServiceAccount (as bound tokens die with the object they are bound to). */
  public void serviceAccountDeleted(String namespace, String name, String uid) {
    tokens.values().removeIf(g -> namespace.equals(g.namespace()) && name.equals(g.serviceAccount())
        && (uid == null || uid.isEmpty() || uid.equals(g.serviceAccountUid())));
  }

  private byte[] sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
