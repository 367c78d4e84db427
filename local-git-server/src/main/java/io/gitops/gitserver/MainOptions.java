package io.gitops.gitserver;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line and environment of {@link GitServerMain}, parsed and checked. Secrets only come from the
 * environment, and {@link #toString()} shows none of them.
 *
 * @param port          TCP port on 127.0.0.1, 0 for a random one
 * @param baseDirectory where repositories live; empty for a new temporary directory
 * @param seeds         repositories to create (branch {@code main}) from directories, unless they already exist
 * @param credentials   HTTP basic credentials from {@code GITOPS_GIT_USERNAME} / {@code GITOPS_GIT_PASSWORD}
 * @param webhook       push webhook forwarding ({@code --webhook-url}, secret from {@code GITOPS_WEBHOOK_SECRET},
 *                      {@code --webhook-retries}: none by default, as GitHub)
 * @param help          whether {@code --help} was given
 */
record MainOptions(int port, Optional<Path> baseDirectory, List<Seed> seeds, Optional<GitCredentials> credentials,
        Optional<WebhookOptions> webhook, boolean help) {

    static final String USERNAME_ENV = "GITOPS_GIT_USERNAME";
    static final String PASSWORD_ENV = "GITOPS_GIT_PASSWORD";
    static final String WEBHOOK_SECRET_ENV = "GITOPS_WEBHOOK_SECRET";
    static final String SEED_BRANCH = "main";

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar local-git-server.jar [options]",
            "  --port <n>                     port on 127.0.0.1 (default 0: a free port)",
            "  --base-dir <dir>               repository directory (default: a new temporary directory)",
            "  --seed <owner>/<name>=<dir>    create owner/name (branch main) from dir unless it exists; repeatable",
            "  --webhook-url <url>            POST a signed GitHub push webhook there on every push",
            "  --webhook-retries <n>          retry a failed delivery (5xx, no answer) n times with backoff",
            "                                 (default 0: one attempt, as GitHub, which never redelivers by itself)",
            "  --help                         print this help",
            "Environment:",
            "  " + USERNAME_ENV + ", " + PASSWORD_ENV + "   require HTTP basic auth with these credentials",
            "  " + WEBHOOK_SECRET_ENV + "          webhook signing secret (required with --webhook-url)",
            "Prints 'GITSERVER READY url=<url>' when serving <url>/<owner>/<name>.git; stops on SIGTERM.");

    /** A repository to seed: {@code owner/name} from the files under {@code directory}. */
    record Seed(String owner, String name, Path directory) {

        static Seed parse(String value) {
            int equals = value.indexOf('=');
            int slash = value.indexOf('/');
            if (equals < 0 || slash < 0 || slash > equals) {
                throw new IllegalArgumentException("--seed expects <owner>/<name>=<directory>, got: " + value);
            }
            String owner = value.substring(0, slash);
            String name = value.substring(slash + 1, equals);
            String directory = value.substring(equals + 1);
            if (owner.isEmpty() || name.isEmpty() || name.contains("/") || directory.isEmpty()) {
                throw new IllegalArgumentException("--seed expects <owner>/<name>=<directory>, got: " + value);
            }
            return new Seed(owner, name, Path.of(directory));
        }
    }

    MainOptions {
        seeds = List.copyOf(seeds);
    }

    static MainOptions parse(String[] args, Map<String, String> env) {
        int port = 0;
        Path baseDirectory = null;
        List<Seed> seeds = new ArrayList<>();
        URI webhookUrl = null;
        Integer webhookRetries = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg;
            String inline = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                option = arg.substring(0, equals);
                inline = arg.substring(equals + 1);
            }
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--port" -> port = parsePort(inline != null ? inline : value(args, ++i, option));
                case "--base-dir" -> baseDirectory = Path.of(inline != null ? inline : value(args, ++i, option));
                case "--seed" -> seeds.add(Seed.parse(inline != null ? inline : value(args, ++i, option)));
                case "--webhook-url" -> webhookUrl = parseUrl(inline != null ? inline : value(args, ++i, option));
                case "--webhook-retries" -> webhookRetries = parseRetries(inline != null ? inline
                        : value(args, ++i, option));
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (webhookRetries != null && webhookUrl == null) {
            throw new IllegalArgumentException("--webhook-retries needs --webhook-url");
        }
        int retries = webhookRetries == null ? 0 : webhookRetries;
        return new MainOptions(port, Optional.ofNullable(baseDirectory), seeds, credentials(env),
                webhook(webhookUrl, env).map(w -> w.withRetries(retries)), help);
    }

    private static Optional<GitCredentials> credentials(Map<String, String> env) {
        String username = nonBlank(env.get(USERNAME_ENV));
        String password = nonBlank(env.get(PASSWORD_ENV));
        if (username == null && password == null) {
            return Optional.empty();
        }
        if (username == null || password == null) {
            throw new IllegalArgumentException(
                    "set both " + USERNAME_ENV + " and " + PASSWORD_ENV + ", or neither");
        }
        return Optional.of(new GitCredentials(username, password));
    }

    private static Optional<WebhookOptions> webhook(URI url, Map<String, String> env) {
        if (url == null) {
            return Optional.empty();
        }
        String secret = nonBlank(env.get(WEBHOOK_SECRET_ENV));
        if (secret == null) {
            throw new IllegalArgumentException(WEBHOOK_SECRET_ENV + " must be set when --webhook-url is given");
        }
        return Optional.of(WebhookOptions.of(url, secret));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port must be within 0..65535, got: " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, got: " + value, e);
        }
    }

    private static int parseRetries(String value) {
        try {
            int retries = Integer.parseInt(value);
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("--webhook-retries must be within 0..10, got: " + value);
            }
            return retries;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--webhook-retries must be a number, got: " + value, e);
        }
    }

    private static URI parseUrl(String value) {
        try {
            URI url = new URI(value);
            if (url.getHost() == null) {
                throw new IllegalArgumentException("--webhook-url must be an absolute http(s) URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--webhook-url must be an absolute http(s) URL", e);
        }
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
