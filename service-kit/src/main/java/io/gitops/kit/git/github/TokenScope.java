package io.gitops.kit.git.github;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an installation token may do: the repositories (names within the installation's account, without the owner)
 * and the permissions ({@code contents: read}, ...) asked for in
 * {@code POST /app/installations/{id}/access_tokens}. A service asks for the least it needs: read on the sources and
 * the config repository; write only where it pushes (the config-bumper).
 *
 * @param repositories repository names, at least one
 * @param permissions  permission name to {@code read} or {@code write}
 */
public record TokenScope(List<String> repositories, Map<String, String> permissions) {

    public TokenScope {
        repositories = List.copyOf(repositories);
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("an installation token is scoped to at least one repository");
        }
        for (String repository : repositories) {
            if (!repository.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("'" + repository + "' is not a GitHub repository name "
                        + "(the name within the installation's account, without the owner)");
            }
        }
        permissions = Map.copyOf(new TreeMap<>(permissions));
        permissions.forEach((name, level) -> {
            if (!level.equals("read") && !level.equals("write")) {
                throw new IllegalArgumentException("permission " + name + " must be read or write, not " + level);
            }
        });
    }

    /** Clone and fetch {@code repository} ({@code owner/name} or {@code name}). */
    public static TokenScope read(String repository) {
        return new TokenScope(List.of(nameOf(repository)), Map.of("contents", "read"));
    }

    /** Clone, fetch, push, and open pull requests on {@code repository} ({@code owner/name} or {@code name}). */
    public static TokenScope write(String repository) {
        return new TokenScope(List.of(nameOf(repository)), Map.of("contents", "write", "pull_requests", "write"));
    }

    /** The repository part of {@code owner/name}. */
    public static String nameOf(String repository) {
        String name = repository.strip();
        if (name.endsWith(".git")) {
            name = name.substring(0, name.length() - 4);
        }
        int slash = name.lastIndexOf('/');
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    /** Whether {@code granted} (GitHub's answer) covers every permission asked for. */
    boolean grantedBy(Map<String, String> granted) {
        return permissions.entrySet().stream().allMatch(p -> {
            String level = granted.get(p.getKey());
            return p.getValue().equals(level) || "write".equals(level) || "admin".equals(level);
        });
    }
}
