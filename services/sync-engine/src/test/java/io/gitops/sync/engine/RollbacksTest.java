package io.gitops.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RollbacksTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void givenRecordedWorkloads_whenPreparedForARollback_thenTheVerifiersHaltsAreUndoneAndTheRecordIsUntouched() {
        ObjectNode deployment = object("{\"kind\":\"Deployment\",\"spec\":{\"replicas\":2}}");
        ObjectNode statefulSet = object("{\"kind\":\"StatefulSet\",\"spec\":{}}");
        ObjectNode partitioned = object("{\"kind\":\"StatefulSet\",\"spec\":{\"updateStrategy\":"
                + "{\"rollingUpdate\":{\"partition\":2}}}}");
        ObjectNode onDelete = object("{\"kind\":\"StatefulSet\",\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\"}}}");
        ObjectNode config = object("{\"kind\":\"ConfigMap\",\"data\":{}}");

        List<ObjectNode> prepared = Rollbacks.unpaused(List.of(deployment, statefulSet, partitioned, onDelete, config));

        assertThat(prepared.get(0).path("spec").path("paused").asBoolean(true)).isFalse();
        assertThat(prepared.get(1).at("/spec/updateStrategy/rollingUpdate/partition").asInt(-1)).isZero();
        assertThat(prepared.get(2).at("/spec/updateStrategy/rollingUpdate/partition").asInt()).isEqualTo(2);
        assertThat(prepared.get(3).at("/spec/updateStrategy/rollingUpdate").isMissingNode()).isTrue();
        assertThat(prepared.get(4)).isEqualTo(config);
        assertThat(deployment.path("spec").has("paused")).isFalse();
    }
}
