package io.gitops.sandbox.apiserver.auth;

import java.util.List;

/** An authenticated identity, as kube-apiserver's authenticators produce it. */
public record UserInfo(String name, List<String> groups) {

  public static final String MASTERS = "system:masters";
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String SERVICE_ACCOUNTS = "system:serviceaccounts";
  private static final String SA_PREFIX = "system:serviceaccount:";

  public UserInfo {
    groups = List.copyOf(groups);
  }

  /** {@code system:serviceaccount:<ns>:<name>} with its three groups. */
  public static UserInfo serviceAccount(String namespace, String name) {
    return new UserInfo(serviceAccountUser(namespace, name),
        List.of(SERVICE_ACCOUNTS, SERVICE_ACCOUNTS + ":" + namespace, AUTHENTICATED));
  }

  public static String serviceAccountUser(String namespace, String name) {
    return SA_PREFIX + namespace + ":" + name;
  }

  public boolean isMaster() {
    return groups.contains(MASTERS);
  }
}
