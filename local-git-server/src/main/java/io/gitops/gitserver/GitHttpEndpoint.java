package io.gitops.gitserver;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jgit.http.server.GitServlet;

/**
 * The embedded Jetty serving a {@link GitServlet} under {@code /git} on 127.0.0.1, optionally behind
 * {@link BasicAuthFilter}. The port is bound on construction, so the URL is known before the servlet is wired.
 */
final class GitHttpEndpoint implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String CONTEXT_PATH = "/git";

    private final Server server;
    private final ServerConnector connector;
    private final int port;

    GitHttpEndpoint(int port) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("git-http");
        server = new Server(threads);
        server.setStopTimeout(0);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(HOST);
        connector.setPort(port);
        server.addConnector(connector);
        connector.open();
        this.port = connector.getLocalPort();
    }

    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/git} */
    String url() {
        return "http://" + HOST + ":" + port + CONTEXT_PATH;
    }

    void start(GitServlet servlet, Optional<GitCredentials> credentials) throws IOException {
        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
        credentials.ifPresent(required -> context.addFilter(new FilterHolder(new BasicAuthFilter(required)), "/*",
                EnumSet.of(DispatcherType.REQUEST)));
        context.addServlet(new ServletHolder("git", servlet), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("cannot start the Git HTTP server", e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the Git HTTP server", e);
        } finally {
            connector.close();
        }
    }
}
