package io.gitops.build.exec.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.gitops.kit.git.GitClient;

/**
 * Which clone URLs the orchestrator checks out, and which of them get its Git credentials. {@code source.url} of an
 * app.yaml is written by whoever can edit the configuration repository, so it is not trusted to name a host:
 *
 * <ul>
 *   <li>a URL under the configured Git base (the part of {@code gitops.build.git.url-template} before
 *       {@code {repo}}: same scheme, host, port and path prefix) is accepted and gets the credentials;</li>
 *   <li>any other URL must be {@code https://} on a host of {@code gitops.build.allowed-git-hosts} (default: the
 *       Git base's host and {@code github.com}); it gets the credentials only when it is on the Git base's host and
 *       port, else it is cloned anonymously;</li>
 *   <li>everything else ({@code file://}, {@code http://} elsewhere, {@code ssh}, other hosts, URLs with user info)
 *       is refused with the reason, which fails only that pipeline's checkout.</li>
 * </ul>
 */
public final class CloneUrlPolicy {

    /** Allowed besides the Git base's host when {@code gitops.build.allowed-git-hosts} is not set. */
    public static final String DEFAULT_HOST = "github.com";

    private final URI base;
    private final Set<String> allowedHosts;

    private CloneUrlPolicy(URI base, Set<String> allowedHosts) {
        this.base = base;
        this.allowedHosts = allowedHosts;
    }

    /** What the policy says about one URL. */
    public sealed interface Decision permits Accepted, Refused {
    }

    /** Clone it; {@code withCredentials} when the orchestrator's Git credentials may be sent to its host. */
    public record Accepted(boolean withCredentials, boolean fileUrl) implements Decision {
    }

    /** Do not clone it, for {@code reason}. */
    public record Refused(String reason) implements Decision {
    }

    /**
     * @param urlTemplate  the clone URL template ({@code {repo}} = owner/name)
     * @param allowedHosts the configured allow-list; empty: the template's host and {@value #DEFAULT_HOST}
     * @throws IllegalArgumentException when the template is not a URL
     */
    public static CloneUrlPolicy of(String urlTemplate, List<String> allowedHosts) {
        Objects.requireNonNull(urlTemplate, "urlTemplate");
        int repo = urlTemplate.indexOf("{repo}");
        String prefix = repo >= 0 ? urlTemplate.substring(0, repo) : urlTemplate;
        URI base;
        try {
            base = new URI(prefix.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("gitops.build.git.url-template is not a URL: " + e.getMessage(), e);
        }
        if (base.getScheme() == null) {
            throw new IllegalArgumentException("gitops.build.git.url-template must be an absolute URL");
        }
        Set<String> hosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if (hosts.isEmpty()) {
            hosts = base.getHost() == null ? Set.of(DEFAULT_HOST)
                    : Stream.of(base.getHost().toLowerCase(Locale.ROOT), DEFAULT_HOST)
                    .collect(Collectors.toUnmodifiableSet());
        }
        return new CloneUrlPolicy(base, hosts);
    }

    /** The allowed hosts, for messages. */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    public Decision decide(String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getRawUserInfo() != null || uri.isOpaque()) {
            return refused(url);
        }
        if (underBase(uri)) {
            return new Accepted(true, "file".equalsIgnoreCase(uri.getScheme()));
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || !allowedHosts.contains(host)) {
            return refused(url);
        }
        boolean baseHost = base.getHost() != null && host.equalsIgnoreCase(base.getHost())
                && port(uri) == port(base);
        return new Accepted(baseHost, false);
    }

    private Refused refused(String url) {
        return new Refused("the clone URL " + GitClient.displayUrl(url == null ? "" : url) + " is refused: only "
                + "URLs under the configured Git base " + GitClient.displayUrl(base.toString())
                + " or https:// URLs on an allowed host (gitops.build.allowed-git-hosts: "
                + allowedHosts.stream().sorted().collect(Collectors.joining(", ")) + ") are cloned");
    }

    private boolean underBase(URI uri) {
        if (!uri.getScheme().equalsIgnoreCase(base.getScheme())
                || !Objects.equals(lower(uri.getHost()), lower(base.getHost())) || port(uri) != port(base)) {
            return false;
        }
        String basePath = base.getPath() == null ? "" : base.getPath();
        String path = uri.normalize().getPath() == null ? "" : uri.normalize().getPath();
        return path.startsWith(basePath) && !path.contains("/../");
    }

    private static String lower(String host) {
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }
}
