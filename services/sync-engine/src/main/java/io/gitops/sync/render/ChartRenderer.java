package io.gitops.sync.render;

/** Renders a chart to multi-document YAML. */
@FunctionalInterface
public interface ChartRenderer {

    /**
     * @throws RenderException when the chart does not render (missing chart, template error, bad values)
     */
    String render(RenderRequest request);
}
