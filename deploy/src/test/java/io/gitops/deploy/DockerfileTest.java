package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * deploy/docker/Dockerfile, the one image definition of the five services (build arg {@code SERVICE}): the same policy
 * the build-orchestrator applies to applications (multi-stage, final stage as a non-root numeric USER, no :latest
 * base) plus the Quarkus fast-jar layout, the revision label and a /tmp volume for a read-only root; and the
 * .dockerignore that keeps the context lean.
 */
class DockerfileTest {

    static final String FILE = "deploy/docker/Dockerfile";
    private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+(\\w+)(?:=(\\S+))?");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\w+))?", Pattern.CASE_INSENSITIVE);

    @Test
    void givenTheDockerfile_whenItsStagesAreRead_thenItIsMultiStageWithPinnedJdkAndJreBases() {
        // Given
        String dockerfile = dockerfile();

        // When
        List<String> bases = bases(dockerfile);

        // Then
        assertThat(bases).hasSize(2);
        assertThat(bases.get(0)).contains("jdk").contains("17");
        assertThat(bases.get(1)).contains("jre").contains("17");
        assertThat(bases).allSatisfy(base -> {
            assertThat(base).as("tagged").matches("[^:]+:[^:]+");
            assertThat(base).as("not latest").doesNotEndWith(":latest");
        });
        assertThat(dockerfile).containsPattern("(?m)^FROM \\$\\{BUILD_IMAGE} AS build$");
    }

    @Test
    void givenTheDockerfile_whenItsServiceArgIsRead_thenBothStagesDeclareItAndTheBuildAcceptsExactlyThePlatformServices() {
        // Given
        String dockerfile = dockerfile();

        // When
        String buildStage = dockerfile.substring(dockerfile.indexOf("\nFROM "), dockerfile.lastIndexOf("\nFROM "));
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Matcher accepted = Pattern.compile("(?m)^\\s*([a-z|-]+)\\) ;;").matcher(buildStage);

        // Then
        assertThat(buildStage).containsPattern("(?m)^ARG SERVICE$").contains("-pl services/${SERVICE} -am package");
        assertThat(finalStage).containsPattern("(?m)^ARG SERVICE$");
        assertThat(accepted.find()).as("a case of the accepted SERVICE values").isTrue();
        assertThat(accepted.group(1).split("\\|")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PlatformService.values()).map(PlatformService::serviceName).toList());
        assertThat(buildStage).contains("exit 1");
    }

    @Test
    void givenTheDockerfile_whenItsFinalStageIsRead_thenItRunsTheServicesFastJarAsANumericNonRootUserWithTmpAsAVolume() {
        // Given
        String dockerfile = dockerfile();

        // When
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

        // Then
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(finalStage);
        assertThat(user.find()).as("a numeric USER in the final stage").isTrue();
        assertThat(Integer.parseInt(user.group(1))).isPositive();
        assertThat(finalStage.substring(user.end())).doesNotContainPattern("(?m)^USER");
        String app = "/src/services/${SERVICE}/target/quarkus-app/";
        assertThat(finalStage).contains(app + "lib/", app + "app/", app + "quarkus/", app + "quarkus-run.jar");
        assertThat(finalStage).contains("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]");
        assertThat(finalStage).contains("VOLUME [\"/tmp\"]", "-Djava.io.tmpdir=/tmp");
        assertThat(finalStage).doesNotContainPattern("(?m)^RUN ");
    }

    @Test
    void givenTheDockerfile_whenItsLabelsAreRead_thenTheImageCarriesItsServiceAndTheSourceCommitFromBuildArgs() {
        // Given
        String dockerfile = dockerfile();

        // When
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

        // Then
        assertThat(finalStage).containsPattern("(?m)^ARG REVISION");
        assertThat(finalStage).contains("org.opencontainers.image.revision=\"${REVISION}\"");
        assertThat(finalStage).contains("org.opencontainers.image.title=\"gitops-${SERVICE}\"");
    }

    @Test
    void givenTheServiceModules_whenSearchedForDockerfiles_thenNoneHasItsOwn() {
        // Given the five service modules

        // When
        List<PlatformService> withOwnDockerfile = Arrays.stream(PlatformService.values())
                .filter(s -> java.nio.file.Files.exists(Repo.path(s.moduleDirectory() + "/src/main/docker/Dockerfile")))
                .toList();

        // Then
        assertThat(withOwnDockerfile).as("one Dockerfile for all: " + FILE).isEmpty();
    }

    @Test
    void givenTheDockerignore_whenTheBuildContextIsFiltered_thenOutputsAndSecretsStayOutAndTheReactorStaysIn() {
        // Given
        List<String> patterns = Repo.read(".dockerignore").lines()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        // When
        List<String> wronglyIgnored = new ArrayList<>();
        List<String> needed = new ArrayList<>(List.of("pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties"));
        for (String module : modules()) {
            needed.add(module + "/pom.xml");
            needed.add(module + "/src/main/java/Example.java");
            needed.add(module + "/src/main/resources/application.properties");
        }
        for (String path : needed) {
            if (ignored(patterns, path)) {
                wronglyIgnored.add(path);
            }
        }

        // Then
        assertThat(wronglyIgnored).isEmpty();
        assertThat(List.of("services/ingest/target/quarkus-app/quarkus-run.jar", "target/x", ".git/HEAD",
                ".gitops/stack.env", "deploy/helm/gitops-platform/values.yaml", "secrets/github-app.pem", ".env"))
                .allSatisfy(path -> assertThat(ignored(patterns, path)).as(path).isTrue());
    }

    /** The root pom's active modules. */
    static List<String> modules() {
        String pom = Repo.read("pom.xml").replaceAll("(?s)<!--.*?-->", "");
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /** Docker's .dockerignore matching for the patterns used here: '**' prefixes, '*' globs, directories. */
    static boolean ignored(List<String> patterns, String path) {
        boolean ignored = false;
        for (String raw : patterns) {
            boolean negate = raw.startsWith("!");
            String pattern = (negate ? raw.substring(1) : raw).replaceAll("/$", "");
            String regex = "^" + pattern.replace(".", "\\.").replace("**/", "\u0001").replace("*", "[^/]*")
                    .replace("\u0001", "(?:.*/)?") + "(?:/.*)?$";
            if (path.matches(regex)) {
                ignored = !negate;
            }
        }
        return ignored;
    }

    private static String dockerfile() {
        return Repo.read(FILE);
    }

    /** FROM images with ARG defaults substituted. */
    private static List<String> bases(String dockerfile) {
        Map<String, String> args = new HashMap<>();
        Matcher arg = ARG.matcher(dockerfile);
        while (arg.find()) {
            if (arg.group(2) != null) {
                args.putIfAbsent(arg.group(1), arg.group(2));
            }
        }
        List<String> bases = new ArrayList<>();
        Matcher from = FROM.matcher(dockerfile);
        while (from.find()) {
            String image = from.group(1);
            for (Map.Entry<String, String> e : args.entrySet()) {
                image = image.replace("${" + e.getKey() + "}", e.getValue());
            }
            bases.add(image);
        }
        return bases;
    }
}
