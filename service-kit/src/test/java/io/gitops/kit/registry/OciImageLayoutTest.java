package io.gitops.kit.registry;

import static io.gitops.testing.registry.OciLayouts.stage;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.gitops.kit.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImageLayoutTest {

    static final String TAG = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    @TempDir
    Path temp;

    @Test
    void givenAStagedImage_whenAdopted_thenTheLayoutNamesItsDigestUnderTheTagAndHoldsItsBlob() throws IOException {
        String digest = stage(temp.resolve("staged"), TAG, "{\"schemaVersion\":2,\"layers\":[]}");
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));

        Outcome<String> adopted = layout.adopt(temp.resolve("staged"), TAG);

        assertThat(adopted).isEqualTo(Outcome.success(digest));
        assertThat(layout.digest(TAG)).isEqualTo(Outcome.success(Optional.of(digest)));
        assertThat(OciImageLayout.sha256(OciImageLayout.blob(layout.root(), digest))).isEqualTo(digest);
        assertThat(Files.readString(layout.root().resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
    }

    @Test
    void givenATagAlreadyHoldingAnotherDigest_whenAdopted_thenItIsRefusedAndTheLayoutIsUnchanged() throws IOException {
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));
        String first = stage(temp.resolve("first"), TAG, "{\"schemaVersion\":2,\"layers\":[\"a\"]}");
        layout.adopt(temp.resolve("first"), TAG);
        String second = stage(temp.resolve("second"), TAG, "{\"schemaVersion\":2,\"layers\":[\"b\"]}");
        String indexBefore = Files.readString(layout.root().resolve("index.json"));

        Outcome<String> adopted = layout.adopt(temp.resolve("second"), TAG);

        assertThat(adopted).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .isEqualTo("tag " + TAG + " already names " + first + " in OCI layout " + layout.root()
                        + "; tags are immutable, refusing " + second));
        assertThat(Files.readString(layout.root().resolve("index.json"))).isEqualTo(indexBefore);
        assertThat(Files.exists(OciImageLayout.blob(layout.root(), second))).isFalse();
    }

    @Test
    void givenTheSameDigestAgain_whenAdopted_thenItSucceedsWithoutASecondIndexEntry() throws IOException {
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));
        String digest = stage(temp.resolve("first"), TAG, "{\"schemaVersion\":2}");
        stage(temp.resolve("again"), TAG, "{\"schemaVersion\":2}");
        layout.adopt(temp.resolve("first"), TAG);

        Outcome<String> adopted = layout.adopt(temp.resolve("again"), TAG);

        assertThat(adopted).isEqualTo(Outcome.success(digest));
        assertThat(Files.readString(layout.root().resolve("index.json"))).containsOnlyOnce(TAG);
    }

    @Test
    void givenACorruptIndex_whenTheDigestIsReadOrAnImageAdopted_thenBothFailPermanentlyNamingTheFile()
            throws IOException {
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));
        Files.createDirectories(layout.root());
        Files.writeString(layout.root().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[");
        stage(temp.resolve("staged"), TAG, "{}");

        Outcome<Optional<String>> digest = layout.digest(TAG);

        assertThat(digest).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .startsWith(layout.root().resolve("index.json") + " is not valid JSON"));
        assertThat(layout.adopt(temp.resolve("staged"), TAG)).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(Files.readString(layout.root().resolve("index.json"))).isEqualTo("{\"schemaVersion\":2,\"manifests\":[");
    }

    @Test
    void givenAnIndexThatIsNotAnImageIndex_whenTheDigestIsRead_thenItFailsPermanently() throws IOException {
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));
        Files.createDirectories(layout.root());
        Files.writeString(layout.root().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":{}}");

        Outcome<Optional<String>> digest = layout.digest(TAG);

        assertThat(digest).isEqualTo(Outcome.permanent(layout.root().resolve("index.json")
                + " is not an OCI image index (schemaVersion 2 with a manifests array)"));
    }

    @Test
    void givenAnIndexNamingABlobThatIsMissing_whenTheDigestIsRead_thenTheLayoutIsSaidDamaged() throws IOException {
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));
        String digest = stage(layout.root(), TAG, "{}");
        Files.delete(OciImageLayout.blob(layout.root(), digest));

        Outcome<Optional<String>> read = layout.digest(TAG);

        assertThat(read).isEqualTo(Outcome.permanent("OCI layout " + layout.root() + " is damaged: " + TAG
                + " names " + digest + " but its blob is missing"));
    }

    @Test
    void givenAnIndexWithAnInvalidDigest_whenTheDigestIsRead_thenItFailsPermanently() throws IOException {
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));
        stage(layout.root(), TAG, "{}");
        Files.writeString(layout.root().resolve("index.json"), Files.readString(layout.root().resolve("index.json"))
                .replaceAll("sha256:[0-9a-f]+", "sha256:../../etc"));

        Outcome<Optional<String>> read = layout.digest(TAG);

        assertThat(read).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .contains("names an invalid digest for " + TAG + ": 'sha256:../../etc'"));
    }

    @Test
    void givenAStagedManifestThatDoesNotMatchItsDigest_whenAdopted_thenItIsRefused() throws IOException {
        String digest = stage(temp.resolve("staged"), TAG, "{\"a\":1}");
        Files.writeString(OciImageLayout.blob(temp.resolve("staged"), digest), "{\"a\":2}");
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));

        Outcome<String> adopted = layout.adopt(temp.resolve("staged"), TAG);

        assertThat(adopted).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> assertThat(f.reason())
                .startsWith("the pushed manifest of " + TAG + " does not match its digest " + digest));
        assertThat(layout.digest(TAG)).isEqualTo(Outcome.success(Optional.empty()));
    }

    @Test
    void givenAStagedLayoutWithoutTheTag_whenAdopted_thenItIsRefused() throws IOException {
        stage(temp.resolve("staged"), "other", "{}");
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));

        Outcome<String> adopted = layout.adopt(temp.resolve("staged"), TAG);

        assertThat(adopted).isEqualTo(Outcome.permanent("the pushed layout " + temp.resolve("staged")
                + " holds no image tagged " + TAG));
    }

    @Test
    void givenALayoutOfAnotherVersion_whenAnImageIsAdopted_thenItIsRefused() throws IOException {
        stage(temp.resolve("staged"), TAG, "{}");
        OciImageLayout layout = new OciImageLayout(temp.resolve("layout"));
        Files.createDirectories(layout.root());
        Files.writeString(layout.root().resolve("oci-layout"), "{\"imageLayoutVersion\":\"9.9\"}");

        Outcome<String> adopted = layout.adopt(temp.resolve("staged"), TAG);

        assertThat(adopted).isEqualTo(Outcome.permanent("OCI layout " + layout.root()
                + " has imageLayoutVersion '9.9', expected 1.0.0"));
    }
}
