package news.enricher.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.json.Json;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one {@code bench} run: every leg side by side with its baseline, the latency phases, memory, and the
 * machine, as a console table, Markdown and JSON.
 */
final class BenchReport {

    static final double EOS_TARGET = 0.8;
    static final double ALOS_TARGET = 0.9;
    static final long LATENCY_SLACK_MS = 25;
    static final long HEAP_TARGET_BYTES = 256L * 1024 * 1024;

    private final int articles;
    private final int partitions;
    private final long seed;
    private final String workerHeap;
    private final Map<String, String> settings;
    private final String startedAt = Instant.now().toString();
    private final double loadAtStart = Machine.load1();
    private final List<Leg> legs = new ArrayList<>();
    private Preload.Totals preload;
    private int warmUpArticles;
    private Latency latency;
    private double loadAtEnd = Double.NaN;
    private String finishedAt;

    BenchReport(int articles, int partitions, long seed, String workerHeap, Map<String, String> settings) {
        this.articles = articles;
        this.partitions = partitions;
        this.seed = seed;
        this.workerHeap = workerHeap;
        this.settings = new LinkedHashMap<>(settings);
    }

    void preload(Preload.Totals totals) {
        this.preload = totals;
    }

    void warmUp(int articles) {
        this.warmUpArticles = articles;
    }

    void leg(Leg leg) {
        legs.add(leg);
    }

    void latency(Latency latency) {
        this.latency = latency;
    }

    void finish() {
        loadAtEnd = Machine.load1();
        finishedAt = Instant.now().toString();
    }

    /** Articles per second of a leg that completed, else 0. */
    double peak(String name) {
        return legs.stream().filter(l -> l.name.equals(name) && l.ok()).mapToDouble(Leg::articlesPerSecond)
                .findFirst().orElse(0);
    }

    boolean allLegsOk() {
        return legs.stream().allMatch(Leg::ok) && (latency == null || latency.error == null);
    }

    private Leg find(String name) {
        return legs.stream().filter(l -> l.name.equals(name) && l.ok()).findFirst().orElse(null);
    }

    /** Enricher leg throughput over its baseline's, whole leg, or NaN when either did not run. */
    double ratio(String enricher) {
        Leg e = find(enricher);
        Leg b = find(baselineOf(enricher));
        return e == null || b == null ? Double.NaN : e.articlesPerSecond() / b.articlesPerSecond();
    }

    /** The same in steady state (each leg without its first tenth of output). */
    double steadyRatio(String enricher) {
        Leg e = find(enricher);
        Leg b = find(baselineOf(enricher));
        return e == null || b == null ? Double.NaN : e.steadyArticlesPerSecond() / b.steadyArticlesPerSecond();
    }

    private static String baselineOf(String enricher) {
        return enricher.equals(BenchCommand.ENRICH_EOS) ? BenchCommand.PIPE_EOS : BenchCommand.PIPE_ALOS;
    }

    // ---------------------------------------------------------------- rendering

    String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "news-enricher bench: %,d articles, %d partitions, %s%n", articles,
                partitions, machineLine()));
        if (preload != null) {
            t.append(String.format(Locale.ROOT, "input: %.0f MB raw (%,.0f B/article avg), %,d themed copies "
                            + "(%.2f per article, %.0f MB), %,d dead letters, %,d unknown-ticker sightings%n",
                    preload.bytes() / 1e6, (double) preload.bytes() / preload.records(), preload.themedCopies(),
                    (double) preload.themedCopies() / preload.records(), preload.copyBytes() / 1e6,
                    preload.deadLetters(), preload.sightings()));
        }
        t.append(String.format(Locale.ROOT, "load average (1 min): %.2f at start, %.2f at end%n%n", loadAtStart,
                loadAtEnd));
        String header = padded(List.of("leg", "runs", "guarantee", "time s", "articles/s", "steady/s", "MB/s in",
                "copies/s", "vs pipe", "(whole)", "cpu s", "brkr s", "other s", "heap MB", "live MB", "RSS MB",
                "output"), LEG_WIDTHS);
        t.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        for (Leg l : legs) {
            t.append(l.ok() ? padded(legCells(l), LEG_WIDTHS)
                    : padded(legCells(l).subList(0, 3), LEG_WIDTHS) + " FAILED: " + l.error).append('\n');
        }
        if (latency != null) {
            t.append('\n').append(String.format(Locale.ROOT, "latency, produce -> visible on the themed topics "
                    + "(enricher exactly_once_v2, commit.interval.ms %d, consumer read_committed):%n",
                    latency.commitIntervalMs));
            if (latency.error != null) {
                t.append("  FAILED: ").append(latency.error).append('\n');
            }
            t.append("  ").append(padded(List.of("phase", "rate/s", "copies", "p50 ms", "p99 ms", "p99.9 ms",
                    "max ms", "seen/expected"), PHASE_WIDTHS)).append('\n');
            for (LatencyProbe.Phase p : latency.phases) {
                List<String> cells = new ArrayList<>(phaseCells(p));
                cells.add(f("%,d/%,d", p.seenCopies(), p.expectedCopies()));
                t.append("  ").append(padded(cells, PHASE_WIDTHS)).append('\n');
            }
            t.append(String.format(Locale.ROOT, "  enricher JVM under latency load: heap %s MB peak, %s MB live, RSS "
                            + "%s MB%n", mb(latency.stat("peak_heap_used_bytes")),
                    mb(latency.stat("peak_heap_after_gc_bytes")), mb(latency.stat("peak_rss_bytes"))));
        }
        t.append('\n').append("targets:\n");
        for (Target target : targets()) {
            t.append(String.format(Locale.ROOT, "  %-7s %-52s %s%n", target.status(), target.name(),
                    target.measured()));
        }
        t.append("\ncolumns: steady/s = articles/s after the first tenth of the output (JIT warm-up excluded); vs pipe "
                + "= steady-state ratio to the baseline leg of the same guarantee, (whole) = over the whole leg; "
                + "cpu s = CPU seconds of the leg's JVM in the timed window; brkr s = of the broker's JVM; "
                + "other s = everything else on the machine (another user's load shows here); heap = peak used; "
                + "live = peak after GC; RSS = peak resident set. Every leg runs in its own JVM (-Xmx" + workerHeap + ")"
                + (warmUpArticles > 0 ? String.format(Locale.ROOT, ", measured after a warm-up on %,d other articles",
                warmUpArticles) : "") + ".\n");
        return t.toString();
    }

    private String machineLine() {
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GB, %s, %s", Machine.cores(), Machine.cpuModel(),
                Machine.memoryBytes() / 1e9, Machine.jvm(), Machine.os());
    }

    String markdown() {
        StringBuilder m = new StringBuilder();
        m.append("# news-enricher bench\n\n");
        m.append(String.format(Locale.ROOT, "%s to %s, %,d articles, %d partitions, seed %d, each leg in its own JVM "
                        + "(-Xmx%s) after a warm-up on %,d other articles%s.%n%n", startedAt, finishedAt, articles,
                partitions, seed, workerHeap, warmUpArticles, settings.isEmpty() ? "" : ", settings " + settings));
        m.append(String.format(Locale.ROOT, "Machine: %s. Load average (1 min): %.2f at start, %.2f at end.%n%n",
                machineLine(), loadAtStart, loadAtEnd));
        if (preload != null) {
            m.append(String.format(Locale.ROOT, "Input: %,d records, %.0f MB (%,.0f B average), preloaded in %.1f s; "
                            + "%,d themed copies (%.0f MB as copied by the pipe), %,d dead letters, %,d unknown-ticker "
                            + "sightings; kinds %s.%n%n", preload.records(), preload.bytes() / 1e6,
                    (double) preload.bytes() / preload.records(), preload.seconds(), preload.themedCopies(),
                    preload.copyBytes() / 1e6, preload.deadLetters(), preload.sightings(), preload.kinds()));
        }
        m.append("| leg | runs | guarantee | time s | articles/s | steady articles/s | MB/s in | copies/s | vs pipe "
                + "(steady) | vs pipe (whole leg) | leg CPU s | broker CPU s | other CPU s | peak heap MB | live heap MB "
                + "| peak RSS MB | output |\n");
        m.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Leg l : legs) {
            m.append(l.ok() ? markdownRow(legCells(l))
                    : markdownRow(legCells(l).subList(0, 3)) + " FAILED: " + l.error + " |||||||||||||||").append('\n');
        }
        if (latency != null) {
            m.append(String.format(Locale.ROOT, "%nLatency, produce → visible on the themed topics (enricher "
                    + "exactly_once_v2, commit.interval.ms %d, consumer read_committed)%s:%n%n",
                    latency.commitIntervalMs, latency.error == null ? "" : " — FAILED: " + latency.error));
            m.append("| phase | rate/s | copies | p50 ms | p99 ms | p99.9 ms | max ms |\n|---|--:|--:|--:|--:|--:|--:|\n");
            for (LatencyProbe.Phase p : latency.phases) {
                m.append(markdownRow(phaseCells(p))).append('\n');
            }
        }
        m.append("\n| target | status | measured |\n|---|---|---|\n");
        for (Target target : targets()) {
            m.append(String.format("| %s | %s | %s |%n", target.name(), target.status(), target.measured()));
        }
        return m.toString();
    }

    // Each row is formatted once; the console pads every cell to its column's width (negative: left-aligned,
    // 0: as is), Markdown joins the same cells.
    private static final int[] LEG_WIDTHS = {-12, -8, -15, 6, 10, 8, 7, 8, 8, 8, 6, 6, 7, 7, 7, 6, 0};
    private static final int[] PHASE_WIDTHS = {-16, 9, 9, 8, 8, 8, 8, 0};

    /** A leg's cells; the first three (leg, runs, guarantee) also for a leg that failed. */
    private List<String> legCells(Leg l) {
        List<String> cells = new ArrayList<>(List.of(l.name, l.enricher ? "enricher" : "pipe", l.guarantee));
        if (l.ok()) {
            cells.addAll(List.of(f("%.1f", l.seconds()), f("%,.0f", l.articlesPerSecond()),
                    f("%,.0f", l.steadyArticlesPerSecond()), f("%.1f", l.mbInPerSecond()),
                    f("%,.0f", l.copiesPerSecond()), times(l.enricher ? steadyRatio(l.name) : Double.NaN),
                    times(l.enricher ? ratio(l.name) : Double.NaN), f("%.1f", l.workerCpu()),
                    f("%.1f", l.brokerCpuSeconds), f("%.1f", l.otherCpu()), mb(l.stat("peak_heap_used_bytes")),
                    mb(l.stat("peak_heap_after_gc_bytes")), mb(l.stat("peak_rss_bytes")), l.check()));
        }
        return cells;
    }

    private static List<String> phaseCells(LatencyProbe.Phase p) {
        return List.of(p.name(), f("%,.0f", p.ratePerSecond()), f("%,d", p.latency().count()),
                f("%.1f", p.latency().p50Ms()), f("%.1f", p.latency().p99Ms()), f("%.1f", p.latency().p999Ms()),
                f("%.1f", p.latency().maxMs()));
    }

    private static String padded(List<String> cells, int[] widths) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            int w = widths[i];
            row.append(i == 0 ? "" : " ").append(w == 0 ? cells.get(i)
                    : String.format(Locale.ROOT, "%" + (w < 0 ? "-" + -w : String.valueOf(w)) + "s", cells.get(i)));
        }
        return row.toString();
    }

    private static String markdownRow(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    record Target(String name, String status, String measured) {
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(ratioTarget("exactly_once_v2 enricher >= 0.8x transactional pipe",
                steadyRatio(BenchCommand.ENRICH_EOS), ratio(BenchCommand.ENRICH_EOS), EOS_TARGET));
        targets.add(ratioTarget("at_least_once enricher >= 0.9x plain pipe",
                steadyRatio(BenchCommand.ENRICH_ALOS), ratio(BenchCommand.ENRICH_ALOS), ALOS_TARGET));
        if (latency != null && latency.halfPeak) {
            LatencyProbe.Phase high = latency.phases.stream().filter(p -> p.name().equals("half peak")).findFirst()
                    .orElse(null);
            long limit = latency.commitIntervalMs + LATENCY_SLACK_MS;
            if (high == null) {
                targets.add(new Target("p99 at half peak <= " + limit + " ms", "n/a", "not measured"));
            } else {
                targets.add(new Target("p99 at half peak <= " + limit + " ms",
                        high.latency().p99Ms() <= limit ? "MET" : "MISSED",
                        String.format(Locale.ROOT, "p99 %.1f ms at %,.0f/s", high.latency().p99Ms(),
                                high.ratePerSecond())));
            }
        }
        long peakHeap = -1;
        for (Leg l : legs) {
            if (l.enricher && l.ok()) {
                peakHeap = Math.max(peakHeap, l.stat("peak_heap_used_bytes"));
            }
        }
        if (latency != null && latency.worker != null) {
            peakHeap = Math.max(peakHeap, latency.stat("peak_heap_used_bytes"));
        }
        targets.add(new Target("enricher heap <= 256 MB with the full reference table",
                peakHeap < 0 ? "n/a" : peakHeap <= HEAP_TARGET_BYTES ? "MET" : "MISSED",
                peakHeap < 0 ? "not measured" : "peak heap used " + mb(peakHeap) + " MB (-Xmx" + workerHeap + ")"));
        return targets;
    }

    private static Target ratioTarget(String name, double steady, double whole, double target) {
        if (Double.isNaN(steady)) {
            return new Target(name, "n/a", "leg or baseline not run");
        }
        return new Target(name, steady >= target ? "MET" : "MISSED", String.format(Locale.ROOT,
                "%.2fx steady state (%.2fx over the whole leg, JIT warm-up included)", steady, whole));
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    ObjectNode jsonNode() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("started_at", startedAt);
        root.put("finished_at", finishedAt);
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Machine.cores());
        machine.put("cpu", Machine.cpuModel());
        machine.put("memory_bytes", Machine.memoryBytes());
        machine.put("jvm", Machine.jvm());
        machine.put("os", Machine.os());
        machine.put("load1_at_start", loadAtStart);
        machine.put("load1_at_end", loadAtEnd);
        ObjectNode run = root.putObject("run");
        run.put("articles", articles);
        run.put("partitions", partitions);
        run.put("seed", seed);
        run.put("worker_heap", workerHeap);
        run.put("warm_up_articles", warmUpArticles);
        ObjectNode s = run.putObject("settings");
        settings.forEach(s::put);
        if (preload != null) {
            ObjectNode p = root.putObject("input");
            p.put("records", preload.records());
            p.put("bytes", preload.bytes());
            p.put("themed_copies", preload.themedCopies());
            p.put("copy_bytes", preload.copyBytes());
            p.put("dead_letters", preload.deadLetters());
            p.put("unknown_ticker_sightings", preload.sightings());
            p.put("preload_seconds", preload.seconds());
            ObjectNode kinds = p.putObject("kinds");
            preload.kinds().forEach((k, v) -> kinds.put(k.name().toLowerCase(Locale.ROOT), v));
        }
        ArrayNode legsNode = root.putArray("legs");
        for (Leg l : legs) {
            legsNode.add(l.json(this));
        }
        if (latency != null) {
            root.set("latency", latency.json());
        }
        ArrayNode targetsNode = root.putArray("targets");
        for (Target t : targets()) {
            ObjectNode n = targetsNode.addObject();
            n.put("target", t.name());
            n.put("status", t.status());
            n.put("measured", t.measured());
        }
        return root;
    }

    String json() {
        try {
            return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(jsonNode()) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / (1024.0 * 1024.0));
    }

    // ---------------------------------------------------------------- legs

    /** One throughput leg. */
    static final class Leg {
        final String name;
        final boolean enricher;
        final String guarantee;
        final double loadAtStart;
        long firstMs;
        long warmMs;
        long lastMs;
        double brokerCpuSeconds;
        double machineCpuSeconds;
        double loadAtEnd;
        Preload.Totals totals;
        long themed = -1;
        long deadLetters = -1;
        long sightings = -1;
        long outBytes = -1;
        boolean complete;
        ObjectNode worker;
        String error;

        Leg(String name, boolean enricher, String guarantee, double loadAtStart) {
            this.name = name;
            this.enricher = enricher;
            this.guarantee = guarantee;
            this.loadAtStart = loadAtStart;
        }

        void timing(long firstMs, long warmMs, long lastMs, double brokerCpuSeconds, double machineCpuSeconds,
                    double loadAtEnd) {
            this.firstMs = firstMs;
            this.warmMs = warmMs;
            this.lastMs = lastMs;
            this.brokerCpuSeconds = brokerCpuSeconds;
            this.machineCpuSeconds = machineCpuSeconds;
            this.loadAtEnd = loadAtEnd;
        }

        void totals(Preload.Totals totals) {
            this.totals = totals;
        }

        void counted(long themed, long deadLetters, long sightings, long outBytes, boolean complete) {
            this.themed = themed;
            this.deadLetters = deadLetters;
            this.sightings = sightings;
            this.outBytes = outBytes;
            this.complete = complete;
        }

        void worker(ObjectNode stats) {
            this.worker = stats;
        }

        void failed(String message) {
            this.error = message == null ? "failed" : message;
        }

        boolean ok() {
            return error == null && totals != null;
        }

        double seconds() {
            return Math.max(1, lastMs - firstMs) / 1000.0;
        }

        double articlesPerSecond() {
            return totals.records() / seconds();
        }

        /** Articles per second once the first tenth of the output is out (the JVM warmed up). */
        double steadyArticlesPerSecond() {
            return totals.records() * (1 - BenchCommand.WARM_UP_SHARE) / (Math.max(1, lastMs - warmMs) / 1000.0);
        }

        double mbInPerSecond() {
            return totals.bytes() / 1e6 / seconds();
        }

        double copiesPerSecond() {
            return totals.themedCopies() / seconds();
        }

        double workerCpu() {
            return worker == null ? Double.NaN : worker.path("cpu_seconds").asDouble(Double.NaN);
        }

        double otherCpu() {
            return machineCpuSeconds - brokerCpuSeconds - workerCpu();
        }

        long stat(String field) {
            return worker == null ? -1 : worker.path(field).asLong(-1);
        }

        String check() {
            if (themed < 0) {
                return "not counted";
            }
            String counts = themed + " copies, " + deadLetters + " DLQ" + (enricher ? ", " + sightings + " unknown"
                    : "");
            return (complete ? "complete: " : "MISMATCH: ") + counts;
        }

        String verdict() {
            return complete ? " (output complete)" : " (output " + check() + ")";
        }

        ObjectNode json(BenchReport report) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("leg", name);
            n.put("runs", enricher ? "enricher" : "pipe");
            n.put("guarantee", guarantee);
            n.put("load1_at_start", loadAtStart);
            if (!ok()) {
                n.put("error", error);
                return n;
            }
            n.put("load1_at_end", loadAtEnd);
            n.put("seconds", seconds());
            n.put("articles_per_second", articlesPerSecond());
            n.put("steady_articles_per_second", steadyArticlesPerSecond());
            n.put("mb_in_per_second", mbInPerSecond());
            n.put("copies_per_second", copiesPerSecond());
            if (enricher) {
                n.put("ratio_to_baseline", report.ratio(name));
                n.put("steady_ratio_to_baseline", report.steadyRatio(name));
                n.put("baseline", baselineOf(name));
            }
            n.put("broker_cpu_seconds", brokerCpuSeconds);
            n.put("machine_cpu_seconds", machineCpuSeconds);
            n.put("other_cpu_seconds", otherCpu());
            ObjectNode out = n.putObject("output");
            out.put("themed_copies", themed);
            out.put("dead_letters", deadLetters);
            out.put("unknown_ticker_sightings", sightings);
            out.put("committed_value_bytes", outBytes);
            out.put("complete", complete);
            if (worker != null) {
                n.set("worker", worker);
            }
            return n;
        }
    }

    /** The latency leg. */
    static final class Latency {
        final double loadAtStart;
        final long commitIntervalMs;
        final boolean halfPeak;
        final List<LatencyProbe.Phase> phases = new ArrayList<>();
        ObjectNode worker;
        String error;

        Latency(double loadAtStart, long commitIntervalMs, boolean halfPeak) {
            this.loadAtStart = loadAtStart;
            this.commitIntervalMs = commitIntervalMs;
            this.halfPeak = halfPeak;
        }

        void phase(LatencyProbe.Phase phase) {
            phases.add(phase);
        }

        List<LatencyProbe.Phase> phases() {
            return phases;
        }

        void worker(ObjectNode stats) {
            this.worker = stats;
        }

        void failed(String message) {
            this.error = message == null ? "failed" : message;
        }

        long stat(String field) {
            return worker == null ? -1 : worker.path(field).asLong(-1);
        }

        ObjectNode json() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("guarantee", "exactly_once_v2");
            n.put("commit_interval_ms", commitIntervalMs);
            n.put("load1_at_start", loadAtStart);
            if (error != null) {
                n.put("error", error);
            }
            ArrayNode list = n.putArray("phases");
            for (LatencyProbe.Phase p : phases) {
                ObjectNode o = list.addObject();
                o.put("phase", p.name());
                o.put("rate_per_second", p.ratePerSecond());
                o.put("achieved_rate_per_second", p.achievedRate());
                o.put("articles_sent", p.sent());
                o.put("copies_expected", p.expectedCopies());
                o.put("copies_seen", p.seenCopies());
                o.put("p50_ms", p.latency().p50Ms());
                o.put("p99_ms", p.latency().p99Ms());
                o.put("p999_ms", p.latency().p999Ms());
                o.put("max_ms", p.latency().maxMs());
            }
            if (worker != null) {
                n.set("worker", worker);
            }
            return n;
        }
    }
}
