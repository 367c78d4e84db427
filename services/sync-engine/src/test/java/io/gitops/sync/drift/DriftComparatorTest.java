package io.gitops.sync.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class DriftComparatorTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final DriftComparator COMPARATOR = new DriftComparator("gitops-sync-engine",
            Set.of("gitops-health-verifier"));

    static final String APPLIED = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"ns","labels":{"app":"web"}},
             "spec":{"replicas":2,"template":{"spec":{"containers":[
               {"name":"app","image":"reg/web:1","ports":[{"containerPort":8080}],"args":["--a","--b"]}]}}}}
            """;

    static final String ENGINE_OWNS_ALL = """
            [{"manager":"gitops-sync-engine","operation":"Apply","time":"2026-11-27T10:00:00Z","fieldsV1":{
              "f:metadata":{"f:labels":{"f:app":{}}},
              "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},
                "f:image":{},"f:name":{},"f:args":{},"f:ports":{"k:{\\"containerPort\\":8080,\\"protocol\\":\\"TCP\\"}":{
                ".":{},"f:containerPort":{}}}}}}}}}}]
            """;

    static JsonNode live(String spec, String managedFields) {
        try {
            return JSON.readTree("""
                    {"apiVersion":"apps/v1","kind":"Deployment",
                     "metadata":{"name":"web","namespace":"ns","uid":"u1","resourceVersion":"7",
                       "labels":{"app":"web","pod-template-hash":"x"},"managedFields":%s},
                     "spec":%s,"status":{"replicas":2}}
                    """.formatted(managedFields, spec));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode applied() {
        try {
            return JSON.readTree(APPLIED);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SAME_SPEC_WITH_DEFAULTS = """
            {"replicas":2,"progressDeadlineSeconds":600,"strategy":{"type":"RollingUpdate"},
             "template":{"spec":{"restartPolicy":"Always","containers":[{"name":"app","image":"reg/web:1",
               "imagePullPolicy":"IfNotPresent","args":["--a","--b"],
               "ports":[{"containerPort":8080,"protocol":"TCP"}]}]}}}
            """;

    @Test
    void givenOnlyDefaultedAndServerFields_whenCompared_thenThereIsNoDrift() {
        JsonNode live = live(SAME_SPEC_WITH_DEFAULTS, ENGINE_OWNS_ALL);

        List<FieldDrift> drifts = COMPARATOR.compare(applied(), live);

        assertThat(drifts).isEmpty();
    }

    @Test
    void givenReplicasChangedByAnotherManager_whenCompared_thenTheFieldAndItsManagerAreReported() {
        String managed = ENGINE_OWNS_ALL.replace("\"f:replicas\":{},", "").replace("}]\n", "},"
                + "{\"manager\":\"kubectl-edit\",\"operation\":\"Update\",\"time\":\"2026-11-27T10:05:00Z\","
                + "\"fieldsV1\":{\"f:spec\":{\"f:replicas\":{}}}}]\n");
        JsonNode live = live(SAME_SPEC_WITH_DEFAULTS.replace("\"replicas\":2", "\"replicas\":5"), managed);

        List<FieldDrift> drifts = COMPARATOR.compare(applied(), live);

        assertThat(drifts).containsExactly(new FieldDrift("spec.replicas", "kubectl-edit"));
    }

    @Test
    void givenAValueTheEngineStillOwns_whenItDiffers_thenItIsTheServersNormalisationNotDrift() {
        JsonNode live = live(SAME_SPEC_WITH_DEFAULTS.replace("\"replicas\":2", "\"replicas\":\"2.0\""),
                ENGINE_OWNS_ALL);

        List<FieldDrift> drifts = COMPARATOR.compare(applied(), live);

        assertThat(drifts).isEmpty();
    }

    @Test
    void givenAContainerImageChangedWithoutManagedFields_whenCompared_thenTheKeyedPathIsReportedByAnUnknownManager() {
        JsonNode live = live(SAME_SPEC_WITH_DEFAULTS.replace("reg/web:1", "reg/web:hacked"), "[]");

        List<FieldDrift> drifts = COMPARATOR.compare(applied(), live);

        assertThat(drifts).containsExactly(
                new FieldDrift("spec.template.spec.containers[name=app].image", FieldDrift.UNKNOWN_MANAGER));
    }

    @Test
    void givenARemovedLabelAndReorderedArgs_whenCompared_thenBothAreDriftAttributedToTheLatestForeignWriter() {
        String managed = ENGINE_OWNS_ALL.replace("}]\n", "},{\"manager\":\"kubectl\",\"operation\":\"Update\","
                + "\"time\":\"2026-11-27T11:00:00Z\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{}}}}]\n")
                .replace("\"f:labels\":{\"f:app\":{}}", "\"f:annotations\":{}").replace("\"f:args\":{},", "");
        String spec = SAME_SPEC_WITH_DEFAULTS.replace("[\"--a\",\"--b\"]", "[\"--b\",\"--a\"]");
        JsonNode live = live(spec, managed);
        ((com.fasterxml.jackson.databind.node.ObjectNode) live.path("metadata").path("labels")).remove("app");

        List<FieldDrift> drifts = COMPARATOR.compare(applied(), live);

        assertThat(drifts).containsExactlyInAnyOrder(new FieldDrift("metadata.labels.app", "kubectl"),
                new FieldDrift("spec.template.spec.containers[name=app].args", "kubectl"));
    }

    @Test
    void givenPausedByTheHealthVerifier_whenCompared_thenItIsNotDrift() {
        JsonNode appliedPaused = applied();
        ((com.fasterxml.jackson.databind.node.ObjectNode) appliedPaused.path("spec")).put("paused", false);
        String managed = ENGINE_OWNS_ALL.replace("}]\n", "},{\"manager\":\"gitops-health-verifier\","
                + "\"operation\":\"Apply\",\"time\":\"2026-11-27T11:00:00Z\",\"fieldsV1\":{\"f:spec\":{"
                + "\"f:paused\":{}}}}]\n");
        JsonNode live = live(SAME_SPEC_WITH_DEFAULTS.replace("\"replicas\":2,", "\"replicas\":2,\"paused\":true,"),
                managed);

        List<FieldDrift> drifts = COMPARATOR.compare(appliedPaused, live);

        assertThat(drifts).isEmpty();
    }

    @Test
    void givenAnExpectedManagerOwningAChangedField_whenCompared_thenItIsNotDrift() {
        String managed = ENGINE_OWNS_ALL.replace("\"f:replicas\":{},", "").replace("}]\n", "},"
                + "{\"manager\":\"gitops-health-verifier\",\"operation\":\"Apply\",\"time\":\"2026-11-27T10:05:00Z\","
                + "\"fieldsV1\":{\"f:spec\":{\"f:replicas\":{}}}}]\n");
        JsonNode live = live(SAME_SPEC_WITH_DEFAULTS.replace("\"replicas\":2", "\"replicas\":0"), managed);

        List<FieldDrift> drifts = COMPARATOR.compare(applied(), live);

        assertThat(drifts).isEmpty();
    }

    @Test
    void givenAMissingContainerPort_whenCompared_thenTheListElementIsDrift() {
        JsonNode live = live(SAME_SPEC_WITH_DEFAULTS.replace("\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}]",
                "\"ports\":[{\"containerPort\":9090,\"protocol\":\"TCP\"}]"), "[]");

        List<FieldDrift> drifts = COMPARATOR.compare(applied(), live);

        assertThat(drifts).extracting(FieldDrift::fieldPath)
                .containsExactly("spec.template.spec.containers[name=app].ports[containerPort=8080,protocol=TCP]");
    }

    @Test
    void givenScalarsOfDifferentJsonTypes_whenTheirTextIsEqual_thenTheyAreTheSame() {
        boolean same = DriftComparator.sameScalar(JSON.valueToTree(80), JSON.valueToTree("80"));

        assertThat(same).isTrue();
    }
}
