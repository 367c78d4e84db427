package io.gitops.build.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gitops.build.gate.Gates;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;
import io.gitops.kit.Transience;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.kit.registry.RegistryCredentials;

/**
 * Amazon ECR through AWS SDK v2. The repository is created when missing with immutable tags and scan on push; push
 * credentials come from {@code GetAuthorizationToken}; the digest is read back with {@code DescribeImages}; scan
 * findings of the configured severities fail the {@code image-scan} gate. AWS credentials only ever come from the
 * SDK's default chain (environment, profile, web identity / IRSA, container and instance roles).
 */
public final class EcrRegistry implements Registry {

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com}, also the FIPS and China partitions. */
    public static final Pattern HOST = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    /** Waits between scan polls; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Optional<String> region;
    private final Optional<URI> endpointOverride;
    private final List<String> failOnSeverities;
    private final Duration scanTimeout;
    private final Duration scanPollInterval;
    private final Pause pause;
    private final OciRegistry oci;
    private final Map<String, EcrClient> clients = new ConcurrentHashMap<>();

    public EcrRegistry(Optional<String> region, Optional<URI> endpointOverride, List<String> failOnSeverities,
                       Duration scanTimeout, Duration scanPollInterval, Pause pause, OciRegistry oci) {
        this.region = region;
        this.endpointOverride = endpointOverride;
        this.failOnSeverities = failOnSeverities.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
        this.scanTimeout = scanTimeout;
        this.scanPollInterval = scanPollInterval;
        this.pause = pause;
        this.oci = oci;
    }

    public static boolean isEcrHost(String host) {
        return HOST.matcher(host).matches();
    }

    @Override
    public String kind() {
        return "ecr";
    }

    private EcrClient client(ImageRepository repository) {
        Matcher matcher = HOST.matcher(repository.host());
        String regionName = region.orElseGet(() -> matcher.matches() ? matcher.group(2) : "us-east-1");
        return clients.computeIfAbsent(regionName, r -> {
            EcrClientBuilder builder = EcrClient.builder().region(Region.of(r))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build());
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    private static String registryId(ImageRepository repository) {
        Matcher matcher = HOST.matcher(repository.host());
        return matcher.matches() ? matcher.group(1) : null;
    }

    @Override
    public Outcome<PushTarget> prepare(ImageRepository repository, String tag) {
        return call("prepare " + repository, () -> {
            EcrClient ecr = client(repository);
            try {
                ecr.describeRepositories(r -> r.registryId(registryId(repository))
                        .repositoryNames(repository.path()));
            } catch (RepositoryNotFoundException missing) {
                try {
                    ecr.createRepository(CreateRepositoryRequest.builder().registryId(registryId(repository))
                            .repositoryName(repository.path()).imageTagMutability(ImageTagMutability.IMMUTABLE)
                            .imageScanningConfiguration(ImageScanningConfiguration.builder().scanOnPush(true).build())
                            .build());
                } catch (RepositoryAlreadyExistsException raced) {
                    // created meanwhile by another pipeline: fine
                }
            }
            String id = registryId(repository);
            AuthorizationData auth = ecr.getAuthorizationToken(r -> {
                if (id != null) {
                    r.registryIds(id);
                }
            }).authorizationData().get(0);
            String decoded = new String(Base64.getDecoder().decode(auth.authorizationToken()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Outcome.permanent("ECR authorization token is not user:password");
            }
            URI endpoint = URI.create(auth.proxyEndpoint());
            String host = endpoint.getPort() > 0 ? endpoint.getHost() + ":" + endpoint.getPort() : endpoint.getHost();
            return Outcome.success(new PushTarget(host, repository.path(), tag, Optional.of(new RegistryCredentials(
                    decoded.substring(0, colon), decoded.substring(colon + 1))),
                    "http".equals(endpoint.getScheme()) && oci.insecure(host)));
        });
    }

    @Override
    public Outcome<Optional<String>> digest(ImageRepository repository, String tag) {
        return call("DescribeImages " + repository + ":" + tag, () -> {
            try {
                DescribeImagesResponse images = client(repository).describeImages(r -> r
                        .registryId(registryId(repository)).repositoryName(repository.path())
                        .imageIds(ImageIdentifier.builder().imageTag(tag).build()));
                return Outcome.success(images.imageDetails().stream().findFirst().map(d -> d.imageDigest()));
            } catch (ImageNotFoundException | RepositoryNotFoundException e) {
                return Outcome.success(Optional.empty());
            }
        });
    }

    @Override
    public Outcome<List<GateResult>> scanGates(ImageRepository repository, String tag, String digest) {
        long deadline = System.nanoTime() + scanTimeout.toNanos();
        while (true) {
            Outcome<Optional<DescribeImageScanFindingsResponse>> polled = call("DescribeImageScanFindings", () -> {
                try {
                    return Outcome.success(Optional.of(client(repository).describeImageScanFindings(r -> r
                            .registryId(registryId(repository)).repositoryName(repository.path())
                            .imageId(ImageIdentifier.builder().imageDigest(digest).build()))));
                } catch (ScanNotFoundException e) {
                    return Outcome.success(Optional.empty());
                }
            });
            if (!(polled instanceof Outcome.Success<Optional<DescribeImageScanFindingsResponse>> ok)) {
                return retype(polled);
            }
            Optional<DescribeImageScanFindingsResponse> findings = ok.value();
            String status = findings.map(f -> f.imageScanStatus().statusAsString()).orElse("PENDING");
            switch (status) {
                case "COMPLETE", "ACTIVE" -> {
                    return Outcome.success(List.of(findingsGate(findings.get())));
                }
                case "UNSUPPORTED_IMAGE" -> {
                    return Outcome.success(List.of(Gates.passed(Gates.IMAGE_SCAN,
                            "ECR scan: unsupported image (no OS packages to scan)")));
                }
                case "FAILED", "SCAN_ELIGIBILITY_EXPIRED", "FINDINGS_UNAVAILABLE" -> {
                    String description = findings.get().imageScanStatus().description();
                    return Outcome.success(List.of(Gates.failed(Gates.IMAGE_SCAN, "ECR scan " + status
                            + (description == null ? "" : ": " + description))));
                }
                default -> {
                    if (System.nanoTime() > deadline) {
                        return Outcome.success(List.of(Gates.failed(Gates.IMAGE_SCAN, "ECR scan did not complete "
                                + "within " + scanTimeout.toSeconds() + " s (status " + status + ")")));
                    }
                    try {
                        pause.pause(scanPollInterval);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Outcome.transientFailure("interrupted while waiting for the ECR scan", e);
                    }
                }
            }
        }
    }

    private GateResult findingsGate(DescribeImageScanFindingsResponse response) {
        Map<String, Integer> counts = response.imageScanFindings() == null ? Map.of()
                : response.imageScanFindings().findingSeverityCountsAsStrings();
        int blocking = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : new java.util.TreeMap<>(counts).entrySet()) {
            parts.add(entry.getValue() + " " + entry.getKey());
            if (failOnSeverities.contains(entry.getKey().toUpperCase(Locale.ROOT))) {
                blocking += entry.getValue();
            }
        }
        String summary = parts.isEmpty() ? "no findings" : String.join(", ", parts);
        return new GateResult(Gates.IMAGE_SCAN, blocking == 0, (double) blocking, 0.0,
                String.join("/", failOnSeverities).toLowerCase(Locale.ROOT) + " findings", "ECR scan: " + summary);
    }

    private static <T> Outcome<T> call(String what, Supplier<Outcome<T>> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String reason = "ECR " + what + ": " + e.awsErrorDetails().errorCode() + " "
                    + e.awsErrorDetails().errorMessage();
            return e.isThrottlingException() ? Outcome.transientFailure(reason, e)
                    : Transience.failure(reason, e.statusCode());
        } catch (SdkClientException e) {
            // no answer from the service (network, timeout)
            return Transience.failure("ECR " + what + ": " + e.getMessage(), 0);
        } catch (SdkException e) {
            return Outcome.permanent("ECR " + what + ": " + e.getMessage(), e);
        }
    }

    private static <T> Outcome<T> retype(Outcome<?> failed) {
        if (failed instanceof Outcome.PermanentFailure<?> p) {
            return Outcome.permanent(p.reason(), p.cause());
        }
        Outcome.TransientFailure<?> t = (Outcome.TransientFailure<?>) failed;
        return Outcome.transientFailure(t.reason(), t.cause());
    }

    /** Closes the SDK clients. */
    public void close() {
        clients.values().forEach(EcrClient::close);
    }
}
