package io.gitops.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes permission table of {@code docs/architecture.md} ("Who may do what on the Kubernetes API"): per
 * service, API group, resources, verbs, where, and the chart option a row needs. The chart must render exactly it.
 */
final class PermissionTable {

    static final String DOC = "docs/architecture.md";
    static final String MARKER = "<!-- permissions table:";
    private static final Pattern ROW = Pattern.compile("^\\|(.*)\\|\\s*$");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** Where a right holds. */
    enum Scope {
        MANAGED("managed namespaces"), RELEASE("release namespace"), BUILDS("builds namespace"), CLUSTER("cluster"),
        /** A namespace the chart knows nothing about: nothing is granted there. */
        UNMANAGED("");

        final String words;

        Scope(String words) {
            this.words = words;
        }

        static Scope of(String words) {
            return Arrays.stream(values()).filter(s -> !s.words.isEmpty() && s.words.equals(words)).findFirst()
                    .orElseThrow(() -> new AssertionError("unknown place '" + words + "' in " + DOC));
        }
    }

    /** One verb on one resource ({@code res} or {@code res/sub}) of one API group ("" is core) for one service. */
    record Grant(String service, String group, String resource, String verb, Scope scope) {
    }

    /** A row of the table; a service without rights has one row with no resources. */
    record Row(String service, String group, List<String> resources, List<String> verbs, Scope scope, String onlyWith) {

        List<Grant> grants() {
            List<Grant> grants = new ArrayList<>();
            for (String resource : resources) {
                for (String verb : verbs) {
                    grants.add(new Grant(service, group, resource, verb, scope));
                }
            }
            return grants;
        }
    }

    private PermissionTable() {
    }

    static List<Row> rows() {
        List<String> lines = Repo.read(DOC).lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARKER)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            throw new AssertionError(DOC + " has no line starting with " + MARKER);
        }
        int i = start;
        while (!lines.get(i).startsWith("|")) {
            i++;
        }
        i += 2; // header and separator
        List<Row> rows = new ArrayList<>();
        for (; i < lines.size(); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (!row.matches()) {
                break;
            }
            rows.add(parse(row.group(1).split("\\|", -1)));
        }
        return rows;
    }

    private static Row parse(String[] cells) {
        if (cells.length != 6) {
            throw new AssertionError("a row of the permission table in " + DOC + " has " + cells.length + " cells, not 6: "
                    + String.join("|", cells));
        }
        String service = codes(cells[0]).get(0);
        if (cells[2].trim().equals("—")) {
            return new Row(service, "", List.of(), List.of(), null, null);
        }
        String group = cells[1].trim().equals("core") ? "" : codes(cells[1]).get(0);
        List<String> verbs = Arrays.stream(cells[3].split(",")).map(String::trim).toList();
        String onlyWith = cells[5].trim().equals("—") ? null : codes(cells[5]).get(0);
        return new Row(service, group, codes(cells[2]), verbs, Scope.of(cells[4].trim()), onlyWith);
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            codes.add(m.group(1));
        }
        if (codes.isEmpty()) {
            throw new AssertionError("no `code` in the cell '" + cell.trim() + "' of the permission table in " + DOC);
        }
        return codes;
    }

    /** Every grant of the rows that hold with the chart options {@code enabled} on (and the others off). */
    static Set<Grant> grants(Set<String> enabled) {
        Set<Grant> grants = new LinkedHashSet<>();
        for (Row row : rows()) {
            if (row.onlyWith() == null || enabled.contains(row.onlyWith())) {
                grants.addAll(row.grants());
            }
        }
        return grants;
    }

    /** The chart options rows depend on. */
    static Set<String> options() {
        Set<String> options = new LinkedHashSet<>();
        rows().stream().map(Row::onlyWith).filter(o -> o != null).forEach(options::add);
        return options;
    }

    /** Services named in the table. */
    static Set<String> services() {
        Set<String> services = new LinkedHashSet<>();
        rows().forEach(r -> services.add(r.service()));
        return services;
    }
}
