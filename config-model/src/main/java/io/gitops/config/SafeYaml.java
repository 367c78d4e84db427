package io.gitops.config;

import java.io.StringReader;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * YAML parsing with limits, for every file the platform reads from Git: no arbitrary types, few aliases (a "billion
 * laughs" bomb fails fast), bounded size and nesting, no duplicate keys.
 */
public final class SafeYaml {

    public static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    public static final int MAX_ALIASES = 50;
    public static final int MAX_NESTING = 64;

    private SafeYaml() {
    }

    public static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(MAX_NESTING);
        return options;
    }

    private static Yaml yaml() {
        LoaderOptions options = options();
        return new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(
                new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), options);
    }

    /** The node tree of one document (null for an empty document), with line marks for error messages. */
    public static Node compose(String text, String file) {
        try {
            return yaml().compose(new StringReader(text));
        } catch (YAMLException e) {
            throw new InvalidConfigException(List.of(problem(file, e)));
        }
    }

    /** Plain Java values (maps, lists, scalars) of one document. */
    public static Object load(String text, String file) {
        try {
            return yaml().load(text);
        } catch (YAMLException e) {
            throw new InvalidConfigException(List.of(problem(file, e)));
        }
    }

    static ConfigProblem problem(String file, YAMLException e) {
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String problem = marked.getProblem() == null ? "not valid YAML" : marked.getProblem();
            String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
            return new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1,
                    "not valid YAML: " + context + problem);
        }
        return new ConfigProblem(file, 0, 0, "not valid YAML: " + e.getMessage());
    }
}
