package io.gitops.sync.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gitops.config.SafeYaml;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Splits rendered multi-document YAML into objects (empty documents and {@code List} kinds flattened), parsed with
 * the platform's YAML limits. Every object must have apiVersion, kind and metadata.name.
 */
public final class ManifestParser {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private ManifestParser() {
    }

    public static List<ObjectNode> parse(String yaml) {
        LoaderOptions options = SafeYaml.options();
        Yaml parser = new Yaml(new SafeConstructor(options));
        List<ObjectNode> objects = new ArrayList<>();
        try {
            int index = 0;
            for (Object document : parser.loadAll(yaml)) {
                index++;
                if (document == null) {
                    continue;
                }
                if (!(document instanceof Map<?, ?>)) {
                    throw new ManifestException("rendered document " + index + " is not a Kubernetes object");
                }
                add(JSON.valueToTree(document), index, objects);
            }
        } catch (YAMLException e) {
            throw new ManifestException("rendered output is not valid YAML: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ManifestException("rendered output cannot be read: " + e.getMessage(), e);
        }
        return objects;
    }

    private static void add(JsonNode node, int index, List<ObjectNode> objects) {
        if (!(node instanceof ObjectNode object)) {
            throw new ManifestException("rendered document " + index + " is not a Kubernetes object");
        }
        String kind = object.path("kind").asText("");
        if (kind.endsWith("List") && object.path("items").isArray()) {
            for (JsonNode item : object.path("items")) {
                add(item, index, objects);
            }
            return;
        }
        if (object.path("apiVersion").asText("").isEmpty() || kind.isEmpty()) {
            throw new ManifestException("rendered document " + index + " has no apiVersion or kind");
        }
        if (object.path("metadata").path("name").asText("").isEmpty()) {
            throw new ManifestException("rendered " + kind + " (document " + index + ") has no metadata.name");
        }
        objects.add(object);
    }
}
