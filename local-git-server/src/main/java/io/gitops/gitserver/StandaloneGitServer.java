package io.gitops.gitserver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server as a process runs it: a {@link LocalGitServer} on the requested port and directory, the seed
 * repositories created, pushes forwarded as webhooks when asked, and the protocol lines printed to {@code out}:
 * {@code GITSERVER REPO ...} per seed, {@code GITSERVER READY url=<url>} once serving, {@code GITSERVER STOPPED}
 * after {@link #close()}.
 */
final class StandaloneGitServer implements AutoCloseable {

    static final String READY = "GITSERVER READY url=";

    private final LocalGitServer server;
    private final Optional<WebhookSender> webhooks;
    private final PrintStream out;

    private StandaloneGitServer(LocalGitServer server, Optional<WebhookSender> webhooks, PrintStream out) {
        this.server = server;
        this.webhooks = webhooks;
        this.out = out;
    }

    static StandaloneGitServer start(MainOptions options, PrintStream out) throws IOException {
        Path baseDirectory = options.baseDirectory().orElse(Files.createTempDirectory("local-git-server"));
        LocalGitServer server = LocalGitServer.start(
                new GitServerOptions(baseDirectory, options.port(), options.credentials()));
        try {
            for (MainOptions.Seed seed : options.seeds()) {
                seed(server, seed, out);
            }
            Optional<WebhookSender> webhooks = options.webhook().map(WebhookSender::new);
            webhooks.ifPresent(sender -> server.onPush(sender::send));
            out.println(READY + server.url());
            out.flush();
            return new StandaloneGitServer(server, webhooks, out);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    LocalGitServer server() {
        return server;
    }

    private static void seed(LocalGitServer server, MainOptions.Seed seed, PrintStream out) {
        String fullName = seed.owner() + "/" + seed.name();
        String url = server.repoUrl(seed.owner(), seed.name());
        if (server.repositoryExists(seed.owner(), seed.name())) {
            out.println("GITSERVER REPO repo=" + fullName + " url=" + url + " existing");
            return;
        }
        String head = server.createRepository(seed.owner(), seed.name(), MainOptions.SEED_BRANCH, seed.directory());
        out.println("GITSERVER REPO repo=" + fullName + " url=" + url + " head=" + head);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            webhooks.ifPresent(WebhookSender::close);
            out.println("GITSERVER STOPPED");
            out.flush();
        }
    }
}
