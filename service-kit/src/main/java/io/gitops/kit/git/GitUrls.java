package io.gitops.kit.git;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/** What a remote URL may look like, and how it is shown in logs and events. */
final class GitUrls {

    private static final Set<String> REMOTE_SCHEMES = Set.of("http", "https");

    private GitUrls() {
    }

    /**
     * Checks that {@code url} is an absolute {@code http}/{@code https} URL with a host ({@code file} too when
     * {@code allowFile}) and no user info.
     *
     * @throws IllegalArgumentException naming the problem, never echoing user info
     */
    static void requireValid(String url, boolean allowFile) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the Git repository URL is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Git repository URL " + display(url) + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the Git repository URL " + display(url)
                    + " must not contain credentials: set username with password(-file), or token(-file)");
        }
        if (scheme.equals("file") && allowFile) {
            return;
        }
        if (!REMOTE_SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("the Git repository URL " + display(url) + " must use http or https"
                    + (allowFile ? " or file" : ""));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("the Git repository URL " + display(url) + " has no host");
        }
    }

    /** {@code url} without user info, query or fragment, fit for logs and events. */
    static String display(String url) {
        if (url == null) {
            return "";
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.isOpaque() || uri.getScheme() == null) {
                return fallback(url);
            }
            if (uri.getHost() == null) {
                return uri.getScheme() + "://" + (uri.getRawPath() == null ? "" : uri.getRawPath());
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return fallback(url);
        }
    }

    private static String fallback(String url) {
        String withoutQuery = url.replaceAll("[?#].*$", "");
        return withoutQuery.replaceAll("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/]*@", "$1").replaceAll("^[^/:@]+@", "");
    }

    /** The last two path segments, without {@code .git}: {@code owner/name} for GitHub-style URLs. */
    static String repositoryName(String url) {
        String path = display(url).replaceAll("/+$", "").replaceAll("\\.git$", "");
        String[] parts = path.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : path;
    }
}
