package io.gitops.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a service exports, in Prometheus form, derived from its {@code *Metrics*} constants class: each
 * {@code static final String X = "gitops.<service>...."} constant, its meter type inferred from how the module
 * registers it ({@code Counter.builder(X)}, {@code registry.gauge(X, ...)}, or a helper named {@code counter(X, ...)},
 * {@code timer(X, ...)}, ...), then Micrometer's Prometheus naming: dots to underscores, counters {@code _total},
 * timers {@code _seconds_count/_sum/_max} (+ {@code _bucket} with a percentile histogram), summaries
 * {@code _count/_sum/_max}, gauges as they are. A constant whose type cannot be inferred allows every form (the real
 * Prometheus check, {@code PrometheusQueriesIT}, is the strict one).
 *
 * <p>The metrics every consuming service shares ({@code gitops_consumer_*}) are not in a service's module: the service
 * kit's {@code ConsumerMetrics} registers them for each service that consumes through its {@code RecordPipeline}, with
 * a {@code service} label. {@link #kit()} derives them the same way from {@code service-kit}'s {@code *Metrics} files.
 */
final class ExportedMetrics {

    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"(gitops\\.[a-z0-9_.]+)\"");

    /** Micrometer meter types. */
    enum Type { COUNTER, TIMER, GAUGE, SUMMARY, LONG_TASK_TIMER }

    /** One constant: Micrometer name and inferred types (empty: unknown). */
    record Meter(String constant, String name, Set<Type> types) {

        Set<String> prometheusNames(boolean histograms) {
            Set<String> names = new TreeSet<>();
            String base = name.replace('.', '_');
            Set<Type> effective = types.isEmpty() ? EnumSet.allOf(Type.class) : types;
            for (Type type : effective) {
                switch (type) {
                    case COUNTER -> names.add(base.endsWith("_total") ? base : base + "_total");
                    case GAUGE -> names.add(base);
                    case TIMER -> {
                        names.add(base + "_seconds_count");
                        names.add(base + "_seconds_sum");
                        names.add(base + "_seconds_max");
                        if (histograms) {
                            names.add(base + "_seconds_bucket");
                        }
                    }
                    case SUMMARY -> {
                        names.add(base + "_count");
                        names.add(base + "_sum");
                        names.add(base + "_max");
                        if (histograms) {
                            names.add(base + "_bucket");
                        }
                    }
                    case LONG_TASK_TIMER -> {
                        names.add(base + "_seconds_active_count");
                        names.add(base + "_seconds_duration_sum");
                        names.add(base + "_seconds_max");
                    }
                }
            }
            return names;
        }
    }

    /** What one module exports: a service's own metrics, or the service kit's shared ones. */
    record Service(String module, List<Path> constantsFiles, List<Meter> meters, boolean histograms) {

        boolean hasConstants() {
            return !meters.isEmpty();
        }

        Set<String> prometheusNames() {
            Set<String> names = new TreeSet<>();
            meters.forEach(m -> names.addAll(m.prometheusNames(histograms)));
            return names;
        }
    }

    /**
     * Standard metrics the dashboards and rules may use besides the services' own, each with where it comes from.
     * Listed explicitly, so that a typo in a dashboard is caught like any unknown name.
     */
    static final Map<String, String> STANDARD = standard();

    /** The module whose {@code *Metrics} constants every consuming service exports besides its own. */
    static final String KIT_MODULE = "service-kit";

    /** How the service kit's shared consumer metrics start in Prometheus ({@code gitops.consumer.*}). */
    static final String KIT_PREFIX = "gitops_consumer_";

    private ExportedMetrics() {
    }

    private static Map<String, String> standard() {
        Map<String, String> m = new LinkedHashMap<>();
        // Prometheus itself, per scrape target.
        m.put("up", "Prometheus: 1 when the last scrape of the target succeeded");
        // quarkus-micrometer HTTP server binder (quarkus.micrometer.binder.http-server.enabled=true): a Timer
        // "http.server.requests" with method, uri, status, outcome tags, without a histogram by default.
        m.put("http_server_requests_seconds_count", "Quarkus Micrometer HTTP server binder");
        m.put("http_server_requests_seconds_sum", "Quarkus Micrometer HTTP server binder");
        m.put("http_server_requests_seconds_max", "Quarkus Micrometer HTTP server binder");
        // Micrometer JVM and process binders that Quarkus enables by default.
        m.put("jvm_memory_used_bytes", "Micrometer JvmMemoryMetrics");
        m.put("jvm_memory_max_bytes", "Micrometer JvmMemoryMetrics");
        m.put("jvm_gc_pause_seconds_count", "Micrometer JvmGcMetrics");
        m.put("jvm_gc_pause_seconds_sum", "Micrometer JvmGcMetrics");
        m.put("jvm_threads_live_threads", "Micrometer JvmThreadMetrics");
        m.put("process_cpu_usage", "Micrometer ProcessorMetrics");
        m.put("process_uptime_seconds", "Micrometer UptimeMetrics");
        m.put("system_cpu_usage", "Micrometer ProcessorMetrics");
        // Kafka client metrics: Micrometer's KafkaClientMetrics, which quarkus-micrometer binds to the consumers and
        // producers SmallRye Reactive Messaging creates (quarkus.micrometer.binder.kafka.enabled, on by default).
        // Name = "kafka." + metric group without "-metrics" + "." + metric name, dashes to dots; tags client_id,
        // topic, partition (per-partition metrics), kafka_version.
        m.put("kafka_consumer_fetch_manager_records_lag_max", "Kafka consumer fetch manager: records-lag-max");
        m.put("kafka_consumer_fetch_manager_records_lag", "Kafka consumer fetch manager: records-lag (per partition)");
        m.put("kafka_consumer_fetch_manager_records_consumed_total", "Kafka consumer fetch manager: records-consumed-total");
        m.put("kafka_consumer_coordinator_rebalance_total", "Kafka consumer coordinator: rebalance-total");
        m.put("kafka_consumer_coordinator_assigned_partitions", "Kafka consumer coordinator: assigned-partitions");
        m.put("kafka_producer_record_send_total", "Kafka producer: record-send-total");
        m.put("kafka_producer_record_error_total", "Kafka producer: record-error-total");
        return m;
    }

    /** What {@code service} exports, from its {@code *Metrics*.java} files under src/main/java. */
    static Service of(PlatformService service) {
        return ofModule(service.moduleDirectory());
    }

    /** What the service kit exports for every service that consumes through it: {@code gitops_consumer_*}. */
    static Service kit() {
        return ofModule(KIT_MODULE);
    }

    /** What a module exports, from its {@code *Metrics*.java} files under src/main/java. */
    static Service ofModule(String moduleDirectory) {
        List<Path> constantsFiles = Repo.files(moduleDirectory + "/src/main/java", ".java").stream()
                .filter(p -> p.getFileName().toString().contains("Metrics"))
                .toList();
        List<String> sources = Repo.files(moduleDirectory + "/src/main/java", ".java").stream()
                .map(Repo::read).toList();
        String allSource = String.join("\n", sources);
        List<Meter> meters = new ArrayList<>();
        for (Path file : constantsFiles) {
            Matcher m = CONSTANT.matcher(Repo.read(file));
            while (m.find()) {
                meters.add(new Meter(m.group(1), m.group(2), inferTypes(m.group(1), m.group(2), allSource)));
            }
        }
        boolean histograms = allSource.contains("publishPercentileHistogram") || allSource.contains("serviceLevelObjectives");
        return new Service(moduleDirectory, constantsFiles, meters, histograms);
    }

    /** How the module registers the constant {@code constant} (or its literal name). */
    static Set<Type> inferTypes(String constant, String name, String source) {
        Set<Type> types = EnumSet.noneOf(Type.class);
        String ref = "(?:\\w+\\.)?" + Pattern.quote(constant) + "\\b|\"" + Pattern.quote(name) + "\"";
        Matcher builder = Pattern.compile("\\b(Counter|FunctionCounter|Timer|FunctionTimer|Gauge|TimeGauge|"
                + "DistributionSummary|LongTaskTimer)\\.builder\\(\\s*(?:" + ref + ")").matcher(source);
        while (builder.find()) {
            types.add(switch (builder.group(1)) {
                case "Counter", "FunctionCounter" -> Type.COUNTER;
                case "Timer", "FunctionTimer" -> Type.TIMER;
                case "Gauge" -> Type.GAUGE;
                case "TimeGauge" -> Type.GAUGE;
                case "DistributionSummary" -> Type.SUMMARY;
                default -> Type.LONG_TASK_TIMER;
            });
        }
        Matcher helper = Pattern.compile("\\b(\\w*?)(counter|timer|gauge|summary)\\s*\\(\\s*(?:" + ref + ")",
                Pattern.CASE_INSENSITIVE).matcher(source);
        while (helper.find()) {
            String kind = helper.group(2).toLowerCase(java.util.Locale.ROOT);
            boolean longTask = helper.group(1).toLowerCase(java.util.Locale.ROOT).contains("longtask");
            types.add(switch (kind) {
                case "counter" -> Type.COUNTER;
                case "timer" -> longTask ? Type.LONG_TASK_TIMER : Type.TIMER;
                case "gauge" -> Type.GAUGE;
                default -> Type.SUMMARY;
            });
        }
        return types;
    }
}
