package io.gitops.sync.render;

import java.nio.file.Files;

import com.marcnuri.helm.Helm;

/**
 * {@code helm template} through helm-java (Helm bundled as a native library; no helm binary needed). The first
 * call in a JVM loads the library (about 3 s); after that a small chart renders in a few milliseconds.
 */
public final class HelmChartRenderer implements ChartRenderer {

    @Override
    public String render(RenderRequest request) {
        if (!Files.isRegularFile(request.chart().resolve("Chart.yaml"))) {
            throw new RenderException("no Helm chart at " + request.chart().getFileName()
                    + " (Chart.yaml missing)", null);
        }
        try {
            return new Helm(request.chart()).template()
                    .withName(request.releaseName())
                    .withNamespace(request.namespace())
                    .withValuesFile(request.values())
                    .call();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            throw new RenderException(message, e);
        }
    }
}
