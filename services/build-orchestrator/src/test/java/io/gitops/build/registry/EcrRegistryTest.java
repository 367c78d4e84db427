package io.gitops.build.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.RegistryCredentials;

/**
 * ECR through AWS SDK v2 against WireMock stubs in the real AWS JSON 1.1 shapes ({@code X-Amz-Target}
 * {@code AmazonEC2ContainerRegistry_V20150921.*}). Credentials come from the default chain (system properties here).
 */
class EcrRegistryTest {

    static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.";
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    static final ImageRepository REPO = ImageRepository.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/shop");

    WireMockServer aws;
    EcrRegistry ecr;

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    @AfterAll
    static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void start() {
        aws = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
        ecr = new EcrRegistry(Optional.empty(), Optional.of(URI.create(aws.baseUrl())), List.of("CRITICAL"),
                Duration.ofMinutes(2), Duration.ofMillis(1), d -> { },
                new OciRegistry(Optional.empty(), List.of("127.0.0.1"), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        ecr.close();
        aws.stop();
    }

    private void stub(String operation, int status, String body) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(body)));
    }

    private void authorization(String proxyEndpoint) {
        stub("GetAuthorizationToken", 200, """
                {"authorizationData":[{"authorizationToken":"QVdTOmVjci1wYXNzd29yZA==","expiresAt":1.7648352E9,
                "proxyEndpoint":"%s"}]}""".formatted(proxyEndpoint));
    }

    @Test
    void givenAMissingRepository_whenPrepared_thenItIsCreatedImmutableWithScanOnPushAndTokenCredentialsReturned() {
        stub("DescribeRepositories", 400, """
                {"__type":"RepositoryNotFoundException","message":"The repository with name 'acme/shop' does not exist in the registry with id '123456789012'"}""");
        stub("CreateRepository", 200, """
                {"repository":{"repositoryArn":"arn:aws:ecr:eu-west-1:123456789012:repository/acme/shop",
                "registryId":"123456789012","repositoryName":"acme/shop",
                "repositoryUri":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/shop","createdAt":1.7648352E9,
                "imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true},
                "encryptionConfiguration":{"encryptionType":"AES256"}}}""");
        authorization("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com");

        Outcome<PushTarget> prepared = ecr.prepare(REPO, SHA);

        assertThat(prepared).isInstanceOfSatisfying(Outcome.Success.class, s -> {
            PushTarget target = (PushTarget) s.value();
            assertThat(target.reference()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/shop:" + SHA);
            assertThat(target.credentials()).contains(new RegistryCredentials("AWS", "ecr-password"));
            assertThat(target.insecure()).isFalse();
            assertThat(target.credentials().get().toString()).doesNotContain("ecr-password");
        });
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "CreateRepository"))
                .withRequestBody(matchingJsonPath("$.repositoryName", equalTo("acme/shop")))
                .withRequestBody(matchingJsonPath("$.imageTagMutability", equalTo("IMMUTABLE")))
                .withRequestBody(matchingJsonPath("$.imageScanningConfiguration.scanOnPush", equalTo("true"))));
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("Authorization", com.github.tomakehurst.wiremock
                .client.WireMock.containing("AKIDEXAMPLE/")));
    }

    @Test
    void givenAnExistingRepository_whenPrepared_thenNothingIsCreated() {
        stub("DescribeRepositories", 200, """
                {"repositories":[{"repositoryName":"acme/shop","registryId":"123456789012","imageTagMutability":"IMMUTABLE"}]}""");
        authorization("http://127.0.0.1:5000");

        Outcome<PushTarget> prepared = ecr.prepare(REPO, SHA);

        assertThat(((Outcome.Success<PushTarget>) prepared).value().insecure()).isTrue();
        aws.verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "CreateRepository")));
    }

    @Test
    void givenAPushedImage_whenTheDigestIsRead_thenDescribeImagesAnswers() {
        stub("DescribeImages", 200, """
                {"imageDetails":[{"registryId":"123456789012","repositoryName":"acme/shop","imageDigest":"%s",
                "imageTags":["%s"],"imageSizeInBytes":1024,"imagePushedAt":1.7648352E9,
                "imageManifestMediaType":"application/vnd.oci.image.manifest.v1+json"}]}""".formatted(DIGEST, SHA));

        assertThat(ecr.digest(REPO, SHA)).isEqualTo(Outcome.success(Optional.of(DIGEST)));
        aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.imageIds[0].imageTag",
                equalTo(SHA))));
    }

    @Test
    void givenAnImageNotThere_whenTheDigestIsRead_thenItIsEmpty() {
        stub("DescribeImages", 400, """
                {"__type":"ImageNotFoundException","message":"The image with imageId {imageTag:'x'} does not exist"}""");

        assertThat(ecr.digest(REPO, SHA)).isEqualTo(Outcome.success(Optional.empty()));
    }

    @Test
    void givenAccessDenied_whenPrepared_thenItIsAPermanentFailureNamingTheError() {
        stub("DescribeRepositories", 400, """
                {"__type":"AccessDeniedException","message":"User is not authorized to perform: ecr:DescribeRepositories"}""");

        assertThat(ecr.prepare(REPO, SHA)).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                p -> assertThat(p.reason()).contains("AccessDeniedException"));
    }

    @Test
    void givenAScanStillRunningThenCompleteWithCriticalFindings_whenScanned_thenTheImageScanGateFails() {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "DescribeImageScanFindings"))
                .inScenario("scan").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("complete")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"imageScanStatus\":{\"status\":\"IN_PROGRESS\"}}")));
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "DescribeImageScanFindings"))
                .inScenario("scan").whenScenarioStateIs("complete")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("""
                                {"registryId":"123456789012","repositoryName":"acme/shop","imageId":{"imageDigest":"%s"},
                                "imageScanStatus":{"status":"COMPLETE","description":"The scan was completed successfully."},
                                "imageScanFindings":{"imageScanCompletedAt":1.7648352E9,
                                "findingSeverityCounts":{"CRITICAL":2,"HIGH":1},"findings":[]}}""".formatted(DIGEST))));

        Outcome<List<GateResult>> gates = ecr.scanGates(REPO, SHA, DIGEST);

        GateResult gate = ((Outcome.Success<List<GateResult>>) gates).value().get(0);
        assertThat(gate.gate()).isEqualTo("image-scan");
        assertThat(gate.passed()).isFalse();
        assertThat(gate.figure()).isEqualTo(2.0);
        assertThat(gate.detail()).isEqualTo("ECR scan: 2 CRITICAL, 1 HIGH");
    }

    @Test
    void givenAScanWithoutBlockingFindings_whenScanned_thenTheGatePasses() {
        stub("DescribeImageScanFindings", 200, """
                {"imageScanStatus":{"status":"COMPLETE"},"imageScanFindings":{"findingSeverityCounts":{"LOW":3}}}""");

        assertThat(((Outcome.Success<List<GateResult>>) ecr.scanGates(REPO, SHA, DIGEST)).value().get(0).passed())
                .isTrue();
    }

    @Test
    void givenAScratchImageEcrCannotScan_whenScanned_thenTheGatePassesSayingSo() {
        stub("DescribeImageScanFindings", 200, """
                {"imageScanStatus":{"status":"UNSUPPORTED_IMAGE","description":"UnsupportedImageError: The operating system and/or package manager are not supported."}}""");

        GateResult gate = ((Outcome.Success<List<GateResult>>) ecr.scanGates(REPO, SHA, DIGEST)).value().get(0);

        assertThat(gate.passed()).isTrue();
        assertThat(gate.detail()).contains("unsupported image");
    }

    @Test
    void givenAFailedScan_whenScanned_thenTheGateFails() {
        stub("DescribeImageScanFindings", 200, "{\"imageScanStatus\":{\"status\":\"FAILED\",\"description\":\"boom\"}}");

        assertThat(((Outcome.Success<List<GateResult>>) ecr.scanGates(REPO, SHA, DIGEST)).value().get(0).detail())
                .isEqualTo("ECR scan FAILED: boom");
    }

    @Test
    void givenAScanThatNeverCompletes_whenScanned_thenTheGateFailsAfterTheBound() {
        EcrRegistry impatient = new EcrRegistry(Optional.of("eu-west-1"), Optional.of(URI.create(aws.baseUrl())),
                List.of("CRITICAL"), Duration.ZERO, Duration.ofMillis(1), d -> { },
                new OciRegistry(Optional.empty(), List.of(), Duration.ofSeconds(5)));
        stub("DescribeImageScanFindings", 400, "{\"__type\":\"ScanNotFoundException\",\"message\":\"no scan\"}");

        GateResult gate = ((Outcome.Success<List<GateResult>>) impatient.scanGates(REPO, SHA, DIGEST)).value().get(0);

        assertThat(gate.detail()).isEqualTo("ECR scan did not complete within 0 s (status PENDING)");
        impatient.close();
    }

    @Test
    void givenAnEcrOutage_whenTheDigestIsRead_thenItIsTransient() {
        stub("DescribeImages", 500, "{\"__type\":\"ServerException\",\"message\":\"internal\"}");

        assertThat(ecr.digest(REPO, SHA)).isInstanceOf(Outcome.TransientFailure.class);
    }

    @Test
    void givenRepositoryHosts_whenClassified_thenOnlyEcrHostsGoToEcr() {
        Registries registries = new Registries(ecr, new OciRegistry(Optional.empty(), List.of(), Duration.ofSeconds(1)));

        assertThat(registries.forRepository(REPO).kind()).isEqualTo("ecr");
        assertThat(registries.forRepository(ImageRepository.parse("127.0.0.1:5000/acme/shop")).kind()).isEqualTo("oci");
        assertThat(ImageRepository.parse("nginx")).isEqualTo(new ImageRepository("docker.io", "library/nginx"));
    }
}
