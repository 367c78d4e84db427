package io.gitops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.gitops.config.ConfigRepoLayout;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * After seeding, points the config repository at the sample application's first commit, so the first sync deploys
 * a real commit SHA (the sandbox does not pull images, so that commit needs no image yet), and at the stack's
 * registry address.
 */
final class SeedRepos {

    static final String SAMPLE_APP = "sample-app";
    static final String SAMPLE_ENV = "staging";
    /** The registry the examples name; replaced by the stack's own registry address. */
    static final String EXAMPLE_REGISTRY = "127.0.0.1:15000";

    private SeedRepos() {
    }

    static void pinSampleHead(Ports ports, StackSettings settings, String sampleHead, StackLayout layout) throws IOException {
        Path clone = layout.data().resolve("seed-clone");
        var credentials = new UsernamePasswordCredentialsProvider(settings.gitUsername(), settings.gitPassword());
        try (Git git = Git.cloneRepository().setURI(StackSettings.gitUrl(ports, StackSettings.CONFIG_REPO))
                .setDirectory(clone.toFile()).setCredentialsProvider(credentials).call()) {
            Path values = clone.resolve(ConfigRepoLayout.valuesFile(SAMPLE_APP, SAMPLE_ENV));
            String registry = "127.0.0.1:" + ports.of("registry");
            String text = Files.readString(values, StandardCharsets.UTF_8).replace(EXAMPLE_REGISTRY, registry);
            Files.writeString(values, text.replaceFirst("tag: \"[0-9a-f]{40}\"", "tag: \"" + sampleHead + "\""),
                    StandardCharsets.UTF_8);
            Path appFile = clone.resolve(ConfigRepoLayout.appFile(SAMPLE_APP));
            Files.writeString(appFile, Files.readString(appFile, StandardCharsets.UTF_8).replace(EXAMPLE_REGISTRY, registry),
                    StandardCharsets.UTF_8);
            PersonIdent who = new PersonIdent("gitops up", "gitops@localhost");
            git.commit().setAll(true).setAuthor(who).setCommitter(who)
                    .setMessage("Deploy sample-app " + sampleHead.substring(0, 12) + " to staging\n\n"
                            + "The embedded stack's starting point: the sample application's first commit.\n")
                    .call();
            git.push().setCredentialsProvider(credentials).call();
        } catch (GitAPIException e) {
            throw new StackException("could not seed the config repository: " + e.getMessage(), e);
        }
    }
}
