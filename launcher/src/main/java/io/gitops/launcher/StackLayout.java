package io.gitops.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the embedded stack keeps its things: the repository it runs from, and {@code .gitops/} (state, logs, data,
 * the {@code stack.env} file).
 */
public record StackLayout(Path repoRoot, Path stateDir) {

    public static StackLayout at(Path repoRoot) {
        Path root = repoRoot.toAbsolutePath().normalize();
        return new StackLayout(root, root.resolve(".gitops"));
    }

    /** The repository root: the first parent of the working directory holding {@code gitops} and {@code pom.xml}. */
    public static StackLayout discover(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.exists(dir.resolve("gitops"))) {
                return at(dir);
            }
            dir = dir.getParent();
        }
        return at(start);
    }

    public Path logs() {
        return stateDir.resolve("logs");
    }

    public Path pids() {
        return stateDir.resolve("pids");
    }

    public Path data() {
        return stateDir.resolve("data");
    }

    public Path stackEnv() {
        return stateDir.resolve("stack.env");
    }

    public Path kubeconfig() {
        return stateDir.resolve("kubeconfig");
    }

    /** The per-service kubeconfigs ({@code .gitops/kubeconfigs/}), each holding only that service's token. */
    public Path kubeconfigs() {
        return stateDir.resolve("kubeconfigs");
    }

    public Path serviceKubeconfig(String service) {
        return kubeconfigs().resolve(service + ".yaml");
    }

    public Path log(String part) {
        return logs().resolve(part + ".log");
    }

    public Path pidFile(String part) {
        return pids().resolve(part + ".pid");
    }

    public Path serviceJar(String service) {
        return repoRoot.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public Path gitServerJar() {
        return repoRoot.resolve("local-git-server/target/local-git-server-0.1.0-SNAPSHOT.jar");
    }

    public Path sandboxJar() {
        return repoRoot.resolve("sandbox-cluster/target/sandbox-cluster-0.1.0-SNAPSHOT.jar");
    }

    /** The launcher's own dependency directory; the broker JVM runs from it. */
    public Path launcherLib() {
        return repoRoot.resolve("launcher/target/lib");
    }
}
