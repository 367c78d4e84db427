package io.gitops.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a checkout of the configuration repository into a {@link ConfigCatalog}. */
public final class ConfigRepoReader {

    /** app.yaml files larger than this are refused unread. */
    public static final long MAX_APP_FILE_BYTES = 256 * 1024;

    private ConfigRepoReader() {
    }

    public static ConfigCatalog read(Path root) {
        Map<String, AppConfig> apps = new TreeMap<>();
        Map<String, List<ConfigProblem>> invalid = new HashMap<>();
        List<ConfigProblem> repoProblems = new ArrayList<>();
        Path appsDir = root.resolve(ConfigRepoLayout.APPS_DIR);
        if (Files.isDirectory(appsDir)) {
            try (Stream<Path> dirs = Files.list(appsDir)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    readApp(dir, apps, invalid);
                }
            } catch (IOException e) {
                repoProblems.add(new ConfigProblem(ConfigRepoLayout.APPS_DIR, 0, 0, "cannot list: " + e.getMessage()));
            }
        }
        Quarantine quarantine = Quarantine.EMPTY;
        Path quarantineFile = root.resolve(ConfigRepoLayout.QUARANTINE_FILE);
        if (Files.isRegularFile(quarantineFile)) {
            try {
                quarantine = Quarantine.parse(Files.readString(quarantineFile, StandardCharsets.UTF_8),
                        ConfigRepoLayout.QUARANTINE_FILE);
            } catch (InvalidConfigException e) {
                repoProblems.addAll(e.problems());
            } catch (IOException e) {
                repoProblems.add(new ConfigProblem(ConfigRepoLayout.QUARANTINE_FILE, 0, 0,
                        "cannot read: " + e.getMessage()));
            }
        }
        return new ConfigCatalog(apps, invalid, quarantine, repoProblems);
    }

    private static void readApp(Path dir, Map<String, AppConfig> apps, Map<String, List<ConfigProblem>> invalid) {
        String dirName = dir.getFileName().toString();
        String file = ConfigRepoLayout.APPS_DIR + "/" + dirName + "/" + ConfigRepoLayout.APP_FILE;
        String nameProblem = Dns1123.problem("application directory", dirName);
        if (nameProblem != null) {
            invalid.put(dirName, List.of(new ConfigProblem(file, 0, 0, nameProblem)));
            return;
        }
        Path appFile = dir.resolve(ConfigRepoLayout.APP_FILE);
        if (!Files.isRegularFile(appFile)) {
            invalid.put(dirName, List.of(new ConfigProblem(file, 0, 0, "app.yaml is missing")));
            return;
        }
        try {
            if (Files.size(appFile) > MAX_APP_FILE_BYTES) {
                invalid.put(dirName, List.of(new ConfigProblem(file, 0, 0,
                        "app.yaml is larger than " + MAX_APP_FILE_BYTES + " bytes")));
                return;
            }
            AppConfigParser.Result result = AppConfigParser.parse(
                    Files.readString(appFile, StandardCharsets.UTF_8), file);
            if (result instanceof AppConfigParser.Parsed parsed) {
                if (!parsed.app().name().equals(dirName)) {
                    invalid.put(dirName, List.of(new ConfigProblem(file, 0, 0, "name '" + parsed.app().name()
                            + "' does not match its directory apps/" + dirName)));
                } else {
                    apps.put(dirName, parsed.app());
                }
            } else if (result instanceof AppConfigParser.Invalid bad) {
                invalid.put(dirName, bad.problems());
            }
        } catch (IOException e) {
            invalid.put(dirName, List.of(new ConfigProblem(file, 0, 0, "cannot read: " + e.getMessage())));
        }
    }
}
