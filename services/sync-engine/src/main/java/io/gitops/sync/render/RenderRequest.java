package io.gitops.sync.render;

import java.nio.file.Path;

/** One {@code helm template}: the chart directory, the values file, the release name and namespace. */
public record RenderRequest(Path chart, Path values, String releaseName, String namespace) {
}
