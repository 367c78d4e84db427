package io.gitops.health.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tags of image references, and which image is the application's own. */
class ImageRefsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "registry.local:5000/shop:9f2c1e4, 9f2c1e4",
        "registry.local:5000/shop, none",
        "shop@sha256:abcd, none",
        "registry.local:5000/team/shop:1.2@sha256:abcd, 1.2"
    })
    void tagIsTheTextAfterTheLastColonOfTheName(String image, String tag) {
        // Given an image reference

        // When its tag is read
        String read = ImageRefs.tag(image);

        // Then it ignores registry ports and digests
        assertThat(read).isEqualTo(tag);
    }

    @Test
    void appTagIsTheTagOfTheImageNamedAfterTheApp() {
        // Given a revision with a sidecar listed first
        List<String> images = List.of("registry.local:5000/envoy:1.30", "registry.local:5000/team/shop:9f2c1e4");

        // When the app's tag is read
        String tag = ImageRefs.appTag("shop", images);

        // Then it is the shop image's
        assertThat(tag).isEqualTo("9f2c1e4");
    }

    @Test
    void appTagFallsBackToTheFirstTaggedImage() {
        // Given images none of which is named after the app
        List<String> images = List.of("registry.local:5000/web@sha256:abcd", "registry.local:5000/web-api:7e8f");

        // When the app's tag is read
        String tag = ImageRefs.appTag("shop", images);

        // Then it is the first tag found
        assertThat(tag).isEqualTo("7e8f");
    }
}
