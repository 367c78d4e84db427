package io.gitops.build.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny application repository: stage commands are bash scripts that write a JUnit XML and a JaCoCo XML report (no
 * Maven in Maven), and a multi-stage Dockerfile whose final stage is {@code FROM scratch} with a non-root USER.
 */
public final class SampleApp {

    public static final String DOCKERFILE = """
            ARG BASE=scratch
            FROM ${BASE} AS build
            COPY app/ /out/
            FROM scratch
            COPY --from=build /out/hello.txt /hello.txt
            USER 10001:10001
            ENTRYPOINT ["/hello.txt"]
            """;

    private SampleApp() {
    }

    /** The files of the app; {@code covered} of 100 lines are covered, {@code failedTests} of 3 tests fail. */
    public static Map<String, String> files(int covered, int failedTests) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/hello.txt", "hello from the sample app\n");
        files.put("Dockerfile", DOCKERFILE);
        files.put("ci/lint.sh", "echo linting; test -f Dockerfile\n");
        files.put("ci/test.sh", testScript(covered, failedTests));
        return files;
    }

    public static Map<String, String> files() {
        return files(86, 0);
    }

    static String testScript(int covered, int failedTests) {
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            cases.append(i < failedTests ? "<testcase name=\"t" + i + "\"><failure message=\"boom\"/></testcase>"
                    : "<testcase name=\"t" + i + "\"/>");
        }
        return "set -e\n"
                + "echo running tests\n"
                + "mkdir -p target/surefire-reports target/site/jacoco\n"
                + "cat > target/surefire-reports/TEST-sample.xml <<'XML'\n"
                + "<?xml version=\"1.0\"?><testsuite name=\"sample\" tests=\"3\">" + cases + "</testsuite>\n"
                + "XML\n"
                + "cat > target/site/jacoco/jacoco.xml <<'XML'\n"
                + "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><!DOCTYPE report PUBLIC "
                + "\"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"sample\">"
                + "<counter type=\"INSTRUCTION\" missed=\"1\" covered=\"9\"/><counter type=\"LINE\" missed=\""
                + (100 - covered) + "\" covered=\"" + covered + "\"/></report>\n"
                + "XML\n"
                + "echo tests done\n";
    }

    /** An app.yaml for {@code app} built from {@code repo}, with the given test command and options. */
    public static String appYaml(String app, String repo, String imageRepository, String testCommand,
                                 String extraPipeline) {
        return """
                name: %s
                source:
                  repo: %s
                  branch: main
                image:
                  repository: %s
                pipeline:
                  executor: local
                  sast: none
                  stageTimeoutSeconds: 60
                  stages:
                    lint: bash ci/lint.sh
                    test: %s
                %s
                environments:
                  - name: dev
                """.formatted(app, repo, imageRepository, testCommand, extraPipeline.indent(2).stripTrailing());
    }
}
