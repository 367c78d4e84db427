package io.gitops.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Golden sample records of every released version, under {@code src/test/resources/golden/<version>/<type>/}. */
record GoldenPayloads(String version, String type, String name, String key, RecordHeaders headers, JsonNode data) {

    static List<GoldenPayloads> all() {
        Path root = resource("golden");
        List<GoldenPayloads> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Path relative = root.relativize(file);
                JsonNode json = EventCodec.mapper().readTree(file.toFile());
                RecordHeaders headers = new RecordHeaders();
                for (Map.Entry<String, JsonNode> header : json.get("headers").properties()) {
                    headers.add(header.getKey(), header.getValue().asText().getBytes(StandardCharsets.UTF_8));
                }
                all.add(new GoldenPayloads(relative.getName(0).toString(), relative.getName(1).toString(),
                        relative.getFileName().toString(), json.get("key").asText(), headers, json.get("data")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    static Path resource(String name) {
        try {
            return Path.of(GoldenPayloads.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] value() {
        try {
            return EventCodec.mapper().writeValueAsBytes(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return version + "/" + type + "/" + name;
    }
}
