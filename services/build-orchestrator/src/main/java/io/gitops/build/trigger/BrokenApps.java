package io.gitops.build.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigProblem;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.config.ConfigRepoReader;

/**
 * The applications the config catalog could not read, with the source repository and branch their app.yaml still
 * names when those lines can be read on their own (a broken file is often broken elsewhere). A directory whose
 * app.yaml is missing or unreadable is matched by name: {@code apps/shop} belongs to {@code <owner>/shop}.
 */
public final class BrokenApps {

    private static final Pattern REPO = Pattern.compile("(?m)^\\s+repo:\\s*[\"']?([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)");
    private static final Pattern BRANCH = Pattern.compile("(?m)^\\s+branch:\\s*[\"']?([A-Za-z0-9_./-]+)");

    private BrokenApps() {
    }

    public static List<BrokenApp> of(ConfigCatalog catalog, Path root, String pushedRepository) {
        List<BrokenApp> broken = new ArrayList<>();
        String repoName = pushedRepository.substring(pushedRepository.indexOf('/') + 1);
        for (Map.Entry<String, List<ConfigProblem>> entry : catalog.invalid().entrySet()) {
            String app = entry.getKey();
            String reason = entry.getValue().stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
            String text = read(root, app);
            Matcher repo = REPO.matcher(text);
            Matcher branch = BRANCH.matcher(text);
            String sourceRepo = repo.find() ? repo.group(1) : null;
            boolean claims = sourceRepo != null ? sourceRepo.equalsIgnoreCase(pushedRepository)
                    : app.equalsIgnoreCase(repoName);
            if (!claims) {
                continue;
            }
            broken.add(new BrokenApp(app, sourceRepo == null ? pushedRepository : sourceRepo,
                    branch.find() ? branch.group(1) : null, reason));
        }
        return broken;
    }

    private static String read(Path root, String app) {
        try {
            Path file = root.resolve(ConfigRepoLayout.APPS_DIR).resolve(app).resolve(ConfigRepoLayout.APP_FILE);
            if (!Files.isRegularFile(file) || Files.size(file) > ConfigRepoReader.MAX_APP_FILE_BYTES) {
                return "";
            }
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
