package io.gitops.build.stage;

import java.util.Map;

import io.gitops.build.image.ImageBuildRequest;
import io.gitops.config.ConfigRepoLayout;

/** The image build of a pipeline, the same for the build stage and for a push stage that must rebuild. */
final class ImageRequests {

    private ImageRequests() {
    }

    static ImageBuildRequest of(StageContext context, Map<String, String> buildArgs) {
        String dockerfile = context.spec().app().pipeline().dockerfile();
        return new ImageBuildRequest(context.workspace(), ConfigRepoLayout.resolve(context.workspace(), dockerfile),
                "localhost/gitops/" + context.spec().appName() + ":" + context.spec().commit(), buildArgs,
                context.scratch(), context.timeout());
    }
}
