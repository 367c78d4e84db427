package io.gitops.bumper.artifacts;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gitops.kit.Outcome;
import io.gitops.kit.Transience;
import io.gitops.kit.registry.ImageRepository;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Amazon ECR repositories ({@code <account>.dkr.ecr.<region>.amazonaws.com/<path>}): the tag's digest from
 * {@code DescribeImages} (read-only: {@code ecr:DescribeImages} is the only permission the bumper needs), with AWS
 * credentials from the SDK's default chain (environment, profile, web identity / IRSA, container and instance
 * roles); any other repository goes to {@code others}. Throttling, 5xx and no answer are transient.
 */
public final class EcrDigests implements ImageDigests, AutoCloseable {

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com}, also the FIPS and China partitions. */
    public static final Pattern HOST = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    private final ImageDigests others;
    private final Optional<URI> endpointOverride;
    private final Map<String, EcrClient> clients = new ConcurrentHashMap<>();

    /** @param endpointOverride the ECR API endpoint, for tests only */
    public EcrDigests(ImageDigests others, Optional<URI> endpointOverride) {
        this.others = others;
        this.endpointOverride = endpointOverride;
    }

    @Override
    public Outcome<Optional<String>> digest(ImageRepository repository, String tag) {
        Matcher ecr = HOST.matcher(repository.host());
        if (!ecr.matches()) {
            return others.digest(repository, tag);
        }
        String what = "ECR DescribeImages " + repository + ":" + tag;
        try {
            return Outcome.success(client(ecr.group(2)).describeImages(r -> r.registryId(ecr.group(1))
                    .repositoryName(repository.path()).imageIds(ImageIdentifier.builder().imageTag(tag).build()))
                    .imageDetails().stream().findFirst().map(d -> d.imageDigest()));
        } catch (ImageNotFoundException | RepositoryNotFoundException e) {
            return Outcome.success(Optional.empty());
        } catch (AwsServiceException e) {
            String reason = what + ": " + e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage();
            return e.isThrottlingException() ? Outcome.transientFailure(reason, e)
                    : Transience.failure(reason, e.statusCode());
        } catch (SdkClientException e) {
            return Transience.failure(what + ": " + e.getMessage(), 0);
        } catch (SdkException e) {
            return Outcome.permanent(what + ": " + e.getMessage(), e);
        }
    }

    private EcrClient client(String region) {
        return clients.computeIfAbsent(region, r -> {
            EcrClientBuilder builder = EcrClient.builder().region(Region.of(r))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build());
            endpointOverride.ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(EcrClient::close);
    }
}
