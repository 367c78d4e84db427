package io.gitops.bumper.artifacts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.gitops.bumper.testing.FakeRegistry;
import io.gitops.kit.Outcome;
import io.gitops.kit.registry.ImageRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ECR through DescribeImages against WireMock stubs in the AWS JSON 1.1 shapes; other hosts go to the next registry. */
class EcrDigestsTest {

    static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.DescribeImages";
    static final String TAG = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    static final ImageRepository REPO = ImageRepository.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/shop");

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")).build();

    EcrDigests ecr;

    /** The SDK's default chain reads these system properties first. */
    @BeforeAll
    static void awsCredentialsInSystemProperties() {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    @AfterAll
    static void noAwsCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void client() {
        ecr = new EcrDigests(new FakeRegistry(), Optional.of(URI.create(AWS.baseUrl())));
    }

    @AfterEach
    void close() {
        ecr.close();
    }

    void answer(int status, String body) {
        AWS.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)).willReturn(aResponse()
                .withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    @Test
    void givenATagInEcr_whenItsDigestIsAsked_thenDescribeImagesAnswersIt() {
        answer(200, """
                {"imageDetails":[{"registryId":"123456789012","repositoryName":"acme/shop",\
                "imageDigest":"sha256:%s","imageTags":["%s"]}]}""".formatted("ab".repeat(32), TAG));

        Outcome<Optional<String>> digest = ecr.digest(REPO, TAG);

        assertThat(digest).isEqualTo(Outcome.success(Optional.of("sha256:" + "ab".repeat(32))));
    }

    @Test
    void givenATagEcrDoesNotHave_whenItsDigestIsAsked_thenThereIsNone() {
        answer(400, "{\"__type\":\"ImageNotFoundException\",\"message\":\"no such image\"}");

        assertThat(ecr.digest(REPO, TAG)).isEqualTo(Outcome.success(Optional.empty()));
    }

    @Test
    void givenEcrThrottlingOrDown_whenItsDigestIsAsked_thenTheAnswerIsTransient() {
        answer(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");

        assertThat(ecr.digest(REPO, TAG)).isInstanceOf(Outcome.TransientFailure.class);
    }

    @Test
    void givenEcrRefusingAccess_whenItsDigestIsAsked_thenTheAnswerIsPermanent() {
        answer(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized\"}");

        assertThat(ecr.digest(REPO, TAG)).isInstanceOf(Outcome.PermanentFailure.class);
    }

    @Test
    void givenAnotherRegistrysRepository_whenItsDigestIsAsked_thenTheNextRegistryAnswers() {
        Outcome<Optional<String>> digest = ecr.digest(ImageRepository.parse("127.0.0.1:5000/acme/shop"), TAG);

        assertThat(digest).isEqualTo(Outcome.success(Optional.of(FakeRegistry.digestOf("127.0.0.1:5000/acme/shop",
                TAG))));
    }
}
