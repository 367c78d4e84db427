package io.gitops.sandbox.apiserver;

import java.util.List;

/** One resource type the sandbox serves, as discovery describes it. {@code group} is "" for the core group. */
public record ApiResource(String group, String version, String plural, String singular, String kind,
    boolean namespaced, List<String> shortNames, boolean statusSubresource, boolean scaleSubresource) {

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
