package io.gitops.sync.cluster;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A served resource type, from API discovery: group, version, kind, plural and whether it is namespaced. */
public record ResourceKind(String group, String version, String kind, String plural, boolean namespaced) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
