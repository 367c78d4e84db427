package io.gitops.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.gitops.build.gate.DockerfilePolicyGate;
import io.gitops.events.data.GateResult;
import org.junit.jupiter.api.Test;

class DockerfilePolicyTest {

    private static GateResult policy(String dockerfile) throws DockerfileException {
        return DockerfilePolicyGate.evaluate(DockerfileParser.parse(dockerfile, Map.of()));
    }

    @Test
    void givenAMultiStageBuildEndingNonRootOnScratch_whenChecked_thenItPasses() throws DockerfileException {
        GateResult gate = policy("""
                # syntax=docker/dockerfile:1
                FROM --platform=$BUILDPLATFORM maven:3.9.9-eclipse-temurin-17 AS build
                RUN mvn -q \\
                    package
                FROM scratch
                COPY --from=build /app.jar /app.jar
                USER 10001
                """);

        assertThat(gate.passed()).isTrue();
        assertThat(gate.detail()).isEqualTo("multi-stage (2 stages), USER 10001, bases pinned");
    }

    @Test
    void givenASingleStage_whenChecked_thenItFailsAsNotMultiStage() throws DockerfileException {
        assertThat(policy("FROM scratch\nUSER 1000\n").detail()).contains("not multi-stage");
    }

    @Test
    void givenAFinalStageWithoutUser_whenChecked_thenItFails() throws DockerfileException {
        assertThat(policy("FROM scratch AS a\nFROM scratch\nCOPY --from=a / /\n").detail())
                .contains("the final stage sets no USER");
    }

    @Test
    void givenAFinalStageAsRootByNameOrUid_whenChecked_thenItFails() throws DockerfileException {
        assertThat(policy("FROM scratch AS a\nFROM scratch\nUSER root\n").passed()).isFalse();
        assertThat(policy("FROM scratch AS a\nFROM scratch\nUSER 0:0\n").detail()).contains("runs as root");
        assertThat(policy("FROM scratch AS a\nFROM scratch\nUSER 10001\nUSER 0\n").passed()).isFalse();
    }

    @Test
    void givenAFinalStageBuiltOnAnEarlierNonRootStage_whenChecked_thenTheUserIsInherited() throws DockerfileException {
        assertThat(policy("FROM scratch AS base\nUSER app\nFROM base\nCOPY a /a\n").passed()).isTrue();
    }

    @Test
    void givenABaseOnLatestOrUntagged_whenChecked_thenItFails() throws DockerfileException {
        assertThat(policy("FROM debian:latest AS b\nFROM scratch\nUSER 1\n").detail())
                .contains("base image debian:latest is on :latest");
        assertThat(policy("FROM registry.local:5000/tools AS b\nFROM scratch\nUSER 1\n").detail())
                .contains("registry.local:5000/tools is untagged");
    }

    @Test
    void givenADigestPinnedBase_whenChecked_thenItPasses() throws DockerfileException {
        assertThat(policy("FROM debian@sha256:" + "a".repeat(64) + " AS b\nFROM scratch\nUSER 1\n").passed()).isTrue();
    }

    @Test
    void givenBaseImagesFromBuildArguments_whenChecked_thenDefaultsAndOverridesAreSubstituted()
            throws DockerfileException {
        String dockerfile = "ARG TAG=12.8\nARG IMAGE=debian\nFROM ${IMAGE}:${TAG} AS b\nFROM $IMAGE:${OTHER:-13} AS c\n"
                + "FROM scratch\nARG UID=10001\nUSER ${UID}\n";

        assertThat(policy(dockerfile).passed()).isTrue();
        assertThat(DockerfilePolicyGate.evaluate(DockerfileParser.parse(dockerfile, Map.of("TAG", "latest"))).detail())
                .contains("debian:latest is on :latest");
    }

    @Test
    void givenABaseFromAnArgumentWithoutValue_whenChecked_thenItFailsAsUnresolved() throws DockerfileException {
        assertThat(policy("ARG BASE\nFROM ${BASE} AS b\nFROM scratch\nUSER 1\n").detail())
                .contains("uses a build argument without a value");
    }

    @Test
    void givenAnInstructionBeforeFrom_whenParsed_thenItIsRefusedWithTheLine() {
        assertThatThrownBy(() -> DockerfileParser.parse("RUN true\nFROM scratch\n", Map.of()))
                .isInstanceOf(DockerfileException.class).hasMessageContaining("line 1");
    }

    @Test
    void givenNoFrom_whenParsed_thenItIsRefused() {
        assertThatThrownBy(() -> DockerfileParser.parse("# nothing\n", Map.of()))
                .isInstanceOf(DockerfileException.class).hasMessageContaining("no FROM");
    }

    @Test
    void givenEnvAndLabelsInBothForms_whenParsed_thenKeyValuesAreRead() {
        assertThat(DockerfileParser.keyValues("A=1 B=\"two words\"")).containsEntry("A", "1")
                .containsEntry("B", "two words");
        assertThat(DockerfileParser.keyValues("A one two")).containsEntry("A", "one two");
        assertThat(DockerfileParser.flags("--from=build --chown=1:1 a b")).containsEntry("from", "build")
                .containsEntry("chown", "1:1");
    }
}
