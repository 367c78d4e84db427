package io.gitops.kit.registry;

/**
 * An image repository name split into its registry host and its path: {@code 127.0.0.1:5000/acme/shop} is host
 * {@code 127.0.0.1:5000}, path {@code acme/shop}. A first component without a dot, a colon or {@code localhost} is a
 * Docker Hub path.
 */
public record ImageRepository(String host, String path) {

    public static ImageRepository parse(String repository) {
        int slash = repository.indexOf('/');
        if (slash > 0) {
            String first = repository.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return new ImageRepository(first, repository.substring(slash + 1));
            }
        }
        return new ImageRepository("docker.io", repository.contains("/") ? repository : "library/" + repository);
    }

    @Override
    public String toString() {
        return host + "/" + path;
    }
}
