package io.gitops.gitserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * GitHub's App installation-token endpoint for tests: {@code POST /app/installations/{id}/access_tokens}, answering
 * as GitHub does ({@code 201 {"token","expires_at","permissions","repository_selection","repositories"}}). It owns
 * the App's RSA key pair ({@link #privateKeyPem()} in the PKCS#1 PEM GitHub hands out) and checks what GitHub checks:
 * the RS256 JWT signed with that key, its issuer (the App id) and lifetime (at most 10 minutes), the installation id,
 * and that the permissions asked for are ones the App has (else 422, GitHub's answer). Each exchange is recorded
 * ({@link #requests()}) with the repositories and permissions it asked for.
 */
public final class GitHubAppServer implements AutoCloseable {

    /** One exchange as the App asked for it. */
    public record TokenRequest(long installationId, List<String> repositories, Map<String, String> permissions,
                               String token, Instant expiresAt) {
    }

    private static final Pattern PATH = Pattern.compile("/app/installations/(\\d+)/access_tokens");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyPair keys;
    private final String appId;
    private final long installationId;
    private final Map<String, String> appPermissions;
    private final Clock clock;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final java.util.Queue<String> nextTokens = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final HttpServer server;

    private GitHubAppServer(String appId, long installationId, Map<String, String> appPermissions, Clock clock)
            throws IOException {
        this.keys = generate();
        this.appId = appId;
        this.installationId = installationId;
        this.appPermissions = Map.copyOf(appPermissions);
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts the endpoint for App {@code appId} installed as {@code installationId}, whose App has
     * {@code appPermissions} (e.g. {@code contents: write}); the caller closes it.
     */
    public static GitHubAppServer start(String appId, long installationId, Map<String, String> appPermissions,
                                        Clock clock) {
        try {
            return new GitHubAppServer(appId, installationId, appPermissions, clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the GitHub App endpoint", e);
        }
    }

    /** The API base URL to configure as the service's {@code github.api-url}. */
    public URI apiUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** How long the tokens issued from now on live (GitHub: one hour). */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** The tokens the next exchanges issue, in order (e.g. one a test Git server accepts); then random ones. */
    public void issue(String... tokens) {
        nextTokens.addAll(List.of(tokens));
    }

    /** Every exchange so far, in order. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** The App's private key as GitHub hands it out (PKCS#1 PEM). */
    public String privateKeyPem() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        int at = 4 + 3 + 15; // SEQUENCE header (long form, 2 length bytes), version, AlgorithmIdentifier
        if (pkcs8[at] != 0x04 || pkcs8[at + 1] != (byte) 0x82) {
            throw new IllegalStateException("unexpected PKCS#8 layout");
        }
        int length = ((pkcs8[at + 2] & 0xff) << 8) | (pkcs8[at + 3] & 0xff);
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, at + 4, at + 4 + length));
    }

    /** The same key as PKCS#8 PEM. */
    public String pkcs8Pem() {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** The header and claims of a JWT whose RS256 signature verifies with {@code key}, else an exception. */
    public static JsonNode[] verifyJwt(String jwt, PublicKey key) throws GeneralSecurityException, IOException {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new GeneralSecurityException("not a JWT");
        }
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
            throw new GeneralSecurityException("JWT signature does not verify");
        }
        return new JsonNode[] {JSON.readTree(Base64.getUrlDecoder().decode(parts[0])),
            JSON.readTree(Base64.getUrlDecoder().decode(parts[1]))};
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                answer(exchange, 404, Map.of("message", "Not Found"));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || !validJwt(authorization.substring(7))) {
                answer(exchange, 401, Map.of("message", "A JSON web token could not be decoded"));
                return;
            }
            if (Long.parseLong(path.group(1)) != installationId) {
                answer(exchange, 404, Map.of("message", "Not Found"));
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            }
            List<String> repositories = new ArrayList<>();
            body.path("repositories").forEach(r -> repositories.add(r.asText()));
            Map<String, String> permissions = new LinkedHashMap<>();
            body.path("permissions").fields().forEachRemaining(e -> permissions.put(e.getKey(), e.getValue().asText()));
            for (Map.Entry<String, String> asked : permissions.entrySet()) {
                String has = appPermissions.get(asked.getKey());
                if (has == null || (asked.getValue().equals("write") && !has.equals("write"))) {
                    answer(exchange, 422, Map.of("message",
                            "The permissions requested are not granted to this installation."));
                    return;
                }
            }
            String queued = nextTokens.poll();
            String token = queued != null ? queued : "ghs_" + UUID.randomUUID().toString().replace("-", "");
            Instant expiresAt = clock.instant().plus(tokenLifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            requests.add(new TokenRequest(installationId, List.copyOf(repositories), Map.copyOf(permissions), token,
                    expiresAt));
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("token", token);
            response.put("expires_at", expiresAt.toString());
            response.put("permissions", permissions.isEmpty() ? appPermissions : permissions);
            response.put("repository_selection", repositories.isEmpty() ? "all" : "selected");
            response.put("repositories", repositories.stream().map(r -> Map.of("name", r)).toList());
            answer(exchange, 201, response);
        }
    }

    private boolean validJwt(String jwt) {
        try {
            JsonNode claims = verifyJwt(jwt, keys.getPublic())[1];
            long issuedAt = claims.path("iat").asLong();
            long expires = claims.path("exp").asLong();
            return appId.equals(claims.path("iss").asText()) && expires > issuedAt
                    && expires - issuedAt <= Duration.ofMinutes(11).toSeconds();
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
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

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
