package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** .github/workflows/ci.yml applies the platform's rules to the platform itself. */
class CiWorkflowTest {

    private static final String FILE = ".github/workflows/ci.yml";

    @Test
    void givenTheWorkflow_whenItsTestJobIsRead_thenItInstallsTheDeclaredDebianPackagesAndRunsTheCoverageGatedBuild() {
        // Given
        Map<String, Object> jobs = jobs();

        // When
        String test = String.valueOf(jobs.get("test"));

        // Then
        assertThat(test).contains("./mvnw -B verify", ".ci/run.d/*.sh");
        assertThat(Repo.read(".ci/run.d/deploy.sh")).contains("apt-get install -y -qq prometheus");
        assertThat(Repo.read("pom.xml")).contains("<coverage.line.minimum>0.80</coverage.line.minimum>");
    }

    @Test
    void givenTheWorkflow_whenItsJobOrderIsRead_thenImagesNeedTestsAndSastAndTheBumpNeedsTheImages() {
        // Given
        Map<String, Object> jobs = jobs();

        // When
        Map<String, Object> images = job(jobs, "images");
        Map<String, Object> bump = job(jobs, "bump-config");

        // Then
        assertThat(images.get("needs")).asString().contains("test", "sast");
        assertThat(bump.get("needs")).isEqualTo("images");
        assertThat(String.valueOf(job(jobs, "sast"))).contains("github/codeql-action/init", "github/codeql-action/analyze");
        assertThat(String.valueOf(images.get("if"))).contains("refs/heads/main");
    }

    @Test
    void givenTheImagesJob_whenItsStepsAreRead_thenEveryServiceIsBuiltFromItsDockerfileTaggedWithTheFullShaAndPushedWithOidc() {
        // Given
        Map<String, Object> images = job(jobs(), "images");

        // When
        String text = String.valueOf(images);

        // Then
        assertThat(images.get("permissions")).asString().contains("id-token=write");
        assertThat(text).contains("aws-actions/configure-aws-credentials", "role-to-assume",
                "aws-actions/amazon-ecr-login", "file=" + DockerfileTest.FILE, "SERVICE=${{ matrix.service }}",
                ":${{ github.sha }}", "REVISION=${{ github.sha }}");
        @SuppressWarnings("unchecked")
        List<String> services = (List<String>) ((Map<String, Object>) ((Map<String, Object>) images.get("strategy"))
                .get("matrix")).get("service");
        assertThat(services).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PlatformService.values()).map(PlatformService::serviceName).toList());
        assertThat(Repo.path(DockerfileTest.FILE)).isRegularFile();
    }

    @Test
    void givenTheWholeWorkflow_whenSearchedForCredentials_thenItHoldsNoStaticCloudKeyAndNeverTagsLatest() {
        // Given
        String text = Repo.read(FILE);

        // When
        Map<String, Object> workflow = Queries.yaml().load(text);

        // Then
        assertThat(text).doesNotContain("aws-access-key-id", "aws-secret-access-key", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY", ":latest");
        assertThat(workflow.get("permissions")).asString().isEqualTo("{contents=read}");
        assertThat(String.valueOf(job(jobs(), "bump-config"))).contains("actions/create-github-app-token",
                ".image.tag = strenv(TAG)", "apps/gitops-platform/envs/");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jobs() {
        Map<String, Object> workflow = Queries.yaml().load(Repo.read(FILE));
        // YAML 1.1 reads the key "on" as true: the triggers are there either way.
        assertThat(workflow.containsKey("on") || workflow.containsKey(Boolean.TRUE)).isTrue();
        return (Map<String, Object>) workflow.get("jobs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(Map<String, Object> jobs, String name) {
        Object job = jobs.get(name);
        assertThat(job).as("job " + name).isNotNull();
        return (Map<String, Object>) job;
    }
}
