package io.gitops.gitserver;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP basic authentication against one username and password. A request without valid credentials gets 401 with a
 * {@code WWW-Authenticate} challenge (so Git clients retry with their credentials provider); an authenticated request
 * continues with {@link HttpServletRequest#getRemoteUser()} set.
 */
final class BasicAuthFilter implements Filter {

    static final String CHALLENGE = "Basic realm=\"local-git-server\", charset=\"UTF-8\"";

    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthFilter.class);
    private static final String PREFIX = "Basic ";

    private final String username;
    private final byte[] expected;

    BasicAuthFilter(GitCredentials credentials) {
        this.username = credentials.username();
        this.expected = (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        Optional<byte[]> presented = presented(http.getHeader("Authorization"));
        if (presented.isPresent() && MessageDigest.isEqual(presented.get(), expected)) {
            chain.doFilter(new AuthenticatedRequest(http, username), response);
            return;
        }
        if (presented.isPresent()) {
            LOG.info("Rejected wrong credentials for {} {}", http.getMethod(), http.getRequestURI());
        }
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        httpResponse.setHeader("WWW-Authenticate", CHALLENGE);
        httpResponse.sendError(HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
    }

    private static Optional<byte[]> presented(String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(header.substring(PREFIX.length()).trim()));
        } catch (IllegalArgumentException e) {
            return Optional.of(new byte[0]);
        }
    }

    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

        private final String user;

        AuthenticatedRequest(HttpServletRequest request, String user) {
            super(request);
            this.user = user;
        }

        @Override
        public String getRemoteUser() {
            return user;
        }

        @Override
        public String getAuthType() {
            return HttpServletRequest.BASIC_AUTH;
        }
    }
}
