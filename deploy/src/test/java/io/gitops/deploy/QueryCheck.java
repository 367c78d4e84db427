package io.gitops.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates dashboard and rule expressions against a running Prometheus and reports every way one of them could
 * never show anything. Used by deploy's {@code PrometheusQueriesIT} (ingest alone) and the launcher's
 * {@code DashboardQueriesIT} (all five services after the demo).
 *
 * <p>An expression is <em>in scope</em> when every metric name it reads is among the {@code available} names (what
 * the scraped jobs export). For each expression in scope, with Grafana's variables expanded
 * ({@link PromQl#expandGrafanaVariables}), the problems are:
 * <ol>
 *   <li>it does not evaluate ({@code /api/v1/query} answers an error: a parse or type error);</li>
 *   <li>a dashboard panel or variable returns no series;</li>
 *   <li>an alert or recording rule: a recording rule returns no series; for an alert, the value side of each of its
 *       conditions ({@link PromQl#comparedValues}: the left operand of each top-level comparison, the threshold
 *       dropped) returns no series. An alert that fires on the absence of series ({@code absent(...)}) has no value
 *       side and is judged by its selectors alone;</li>
 *   <li>one of its vector selectors, label matchers included, matches no series (a misspelt label value, a meter
 *       registered only on first use). Selectors naming a {@code job} that is not being scraped are not judged.</li>
 * </ol>
 */
public final class QueryCheck {

    private QueryCheck() {
    }

    /** What evaluating a set of expressions found: the ones in scope, the ones out of scope, the problems. */
    public record Evaluation(List<Queries.Query> evaluated, List<String> outOfScope, List<String> problems) {
    }

    public static Evaluation evaluate(PrometheusServer server, List<Queries.Query> queries, Set<String> available,
                                      Set<String> jobs) {
        List<Queries.Query> evaluated = new ArrayList<>();
        List<String> outOfScope = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Queries.Query query : queries) {
            Set<String> names = new TreeSet<>(PromQl.metricNames(query.promql()));
            names.removeAll(available);
            if (!names.isEmpty()) {
                outOfScope.add(query + " (not exported: " + names + ")");
                continue;
            }
            evaluated.add(query);
            PrometheusServer.QueryResult result = server.query(query.promql());
            if (!result.ok()) {
                problems.add(query + " -> " + result.error());
                continue;
            }
            switch (query.kind()) {
                case PANEL, VARIABLE, RECORDING -> {
                    if (result.empty()) {
                        problems.add(query + " -> no data");
                    }
                }
                case ALERT -> {
                    for (String value : PromQl.comparedValues(query.promql())) {
                        if (server.query(value).empty()) {
                            problems.add(query + " -> the value " + value + " returns no series");
                        }
                    }
                }
            }
            for (PromQl.Selector selector : PromQl.selectors(query.promql())) {
                boolean otherJob = selector.labelMatchers().stream()
                        .anyMatch(m -> m[0].equals("job") && m[1].equals("=") && !jobs.contains(m[2]));
                if (!otherJob && server.query("count(" + selector.text() + ")").empty()) {
                    problems.add(query + " -> selector " + selector.text() + " matches no series");
                }
            }
        }
        return new Evaluation(evaluated, outOfScope, problems);
    }
}
