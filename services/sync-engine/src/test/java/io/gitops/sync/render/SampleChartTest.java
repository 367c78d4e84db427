package io.gitops.sync.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.gitops.sync.manifest.Images;
import io.gitops.sync.manifest.ManifestParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample chart the embedded stack seeds (examples/config-repo) rendered as the engine renders it: the values'
 * digest pins the image ({@code repository:tag@sha256:…}); without one the tag alone names it.
 */
class SampleChartTest {

    static final Path CHART = Path.of("../../examples/config-repo/charts/sample-app");
    static final String TAG = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    static final String DIGEST = "sha256:" + "cd".repeat(32);

    @TempDir
    Path dir;

    String image(String values) throws IOException {
        Path file = Files.writeString(dir.resolve("values.yaml"), values);
        String yaml = new HelmChartRenderer().render(new RenderRequest(CHART, file, "sample-app", "sample-app-staging"));
        return Images.of(ManifestParser.parse(yaml)).get(0);
    }

    @Test
    void givenValuesWithADigest_whenRendered_thenTheImageIsPinnedByTheDigestAndKeepsTheTag() throws IOException {
        String image = image("image:\n  repository: 127.0.0.1:5000/acme/sample-app\n  tag: \"" + TAG
                + "\"\n  digest: \"" + DIGEST + "\"\n");

        assertThat(image).isEqualTo("127.0.0.1:5000/acme/sample-app:" + TAG + "@" + DIGEST);
        assertThat(Images.tagOf(image)).contains(TAG);
    }

    @Test
    void givenValuesWithoutADigest_whenRendered_thenTheTagAloneNamesTheImage() throws IOException {
        String image = image("image:\n  repository: 127.0.0.1:5000/acme/sample-app\n  tag: \"" + TAG + "\"\n");

        assertThat(image).isEqualTo("127.0.0.1:5000/acme/sample-app:" + TAG);
    }
}
