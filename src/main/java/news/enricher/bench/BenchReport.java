package news.enricher.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * The result of one {@code bench} run: every leg of every round side by side with its baselines, each ratio's median
 * and spread across rounds, the latency phases, memory, and the machine, as a console table, Markdown and JSON. The
 * run passes only if every leg it was asked for completed with its whole output ({@link #failures()}).
 */
final class BenchReport {

    /** The enricher against the pipe that writes the same bytes, under either guarantee. */
    static final double SAME_BYTES_TARGET = 0.9;
    /** The enricher against the raw pipes, which copy the input without enriching it. */
    static final double RAW_PIPE_TARGET = 0.6;
    /** The enricher counting trends against the same enricher with trends off: within 15%. */
    static final double TRENDS_TARGET = 0.85;
    static final long LATENCY_SLACK_MS = 25;
    /** Live heap (after a full GC in steady state) of the enricher at -Xmx256m, with the full reference table. */
    static final long LIVE_HEAP_TARGET_BYTES = 128L * 1024 * 1024;

    private final int articles;
    private final int partitions;
    private final long seed;
    private final String workerHeap;
    private final Map<String, String> settings;
    private final String startedAt = Instant.now().toString();
    private final double loadAtStart = Machine.load1();
    private final List<Leg> legs = new ArrayList<>();
    private final List<String> expectedLegs = new ArrayList<>();
    private int expectedRounds;
    private boolean expectedLatency;
    private String aborted;
    private Preload.Totals preload;
    private long trendArticles = -1;
    private long trendKeys = -1;
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

    /** The throughput legs (each run {@code rounds} times) and whether the latency leg was asked for. */
    void expect(List<String> throughputLegs, int rounds, boolean latency) {
        expectedLegs.clear();
        expectedLegs.addAll(throughputLegs);
        expectedRounds = rounds;
        expectedLatency = latency;
    }

    /** The run stopped before its legs were done. */
    void aborted(String reason) {
        this.aborted = reason == null ? "aborted" : reason;
    }

    void preload(Preload.Totals totals) {
        this.preload = totals;
    }

    /** See {@link TrendKeyFloor}: the fewest trend records the run's articles allow. */
    void trendKeyFloor(long articles, long distinctKeys) {
        this.trendArticles = articles;
        this.trendKeys = distinctKeys;
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

    /** Rounds of throughput legs: as many as asked for, or as ran. */
    int rounds() {
        return Math.max(expectedRounds, legs.stream().mapToInt(l -> l.round).max().orElse(0));
    }

    /** Median articles per second of a leg over the rounds it completed, else 0. */
    double peak(String name) {
        double median = summarize(legs.stream().filter(l -> l.name.equals(name) && l.ok())
                .map(Leg::articlesPerSecond).toList()).median();
        return Double.isNaN(median) ? 0 : median;
    }

    /** Why the run fails: every leg asked for must have run and published its whole output. Empty: it passed. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (aborted != null) {
            failures.add("the run stopped: " + aborted);
        }
        for (String name : expectedLegs) {
            for (int round = 1; round <= expectedRounds; round++) {
                if (find(name, round) == null) {
                    failures.add(legLabel(name, round) + " did not run");
                }
            }
        }
        for (Leg l : legs) {
            if (l.error != null || l.totals == null) {
                failures.add(legLabel(l.name, l.round) + " failed: " + (l.error == null ? "no input" : l.error));
            } else if (!l.complete) {
                failures.add(legLabel(l.name, l.round) + " output incomplete: " + l.check());
            }
        }
        if (expectedLatency && latency == null) {
            failures.add("latency did not run");
        }
        if (latency != null) {
            if (latency.error != null) {
                failures.add("latency failed: " + latency.error);
            }
            for (LatencyProbe.Phase p : latency.phases) {
                if (p.seenCopies() < p.expectedCopies()) {
                    failures.add(String.format(Locale.ROOT, "latency phase %s saw %,d of %,d copies", p.name(),
                            p.seenCopies(), p.expectedCopies()));
                }
            }
        }
        return failures;
    }

    boolean passed() {
        return failures().isEmpty();
    }

    private String legLabel(String name, int round) {
        return rounds() > 1 ? name + " round " + round : name;
    }

    private Leg find(String name, int round) {
        return legs.stream().filter(l -> l.name.equals(name) && l.round == round).findFirst().orElse(null);
    }

    private Leg findOk(String name, int round) {
        Leg l = find(name, round);
        return l != null && l.ok() ? l : null;
    }

    /** A leg's throughput over another's of the same round, steady state or whole leg; NaN when either failed. */
    double ratio(String leg, String baseline, int round, boolean steady) {
        Leg l = findOk(leg, round);
        Leg b = findOk(baseline, round);
        if (l == null || b == null) {
            return Double.NaN;
        }
        return steady ? l.steadyArticlesPerSecond() / b.steadyArticlesPerSecond()
                : l.articlesPerSecond() / b.articlesPerSecond();
    }

    /** A ratio in every round (NaN where a leg failed), its median, lowest and highest. */
    record Spread(double median, double min, double max, List<Double> rounds) {
    }

    Spread spread(String leg, String baseline, boolean steady) {
        List<Double> rounds = new ArrayList<>();
        for (int round = 1; round <= rounds(); round++) {
            rounds.add(ratio(leg, baseline, round, steady));
        }
        Spread s = summarize(rounds.stream().filter(r -> !Double.isNaN(r)).toList());
        return new Spread(s.median(), s.min(), s.max(), rounds);
    }

    private static Spread summarize(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, List.of());
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), values);
    }

    /**
     * Which legs a leg is compared with, all of its guarantee: the raw pipe; for the same bytes through Kafka Streams
     * also the same-bytes pipe; for an enricher leg also both same-bytes baselines; for a trends leg also the
     * enricher with trends off.
     */
    private static List<String> baselinesOf(String name) {
        String guarantee = name.substring(name.indexOf('-'));
        return switch (runsOf(name)) {
            case PIPE -> List.of();
            case SAME_BYTES -> List.of(Runs.PIPE.prefix + guarantee);
            case STREAMS_SAME_BYTES -> List.of(Runs.PIPE.prefix + guarantee, Runs.SAME_BYTES.prefix + guarantee);
            case ENRICHER -> List.of(Runs.PIPE.prefix + guarantee, Runs.SAME_BYTES.prefix + guarantee,
                    Runs.STREAMS_SAME_BYTES.prefix + guarantee);
            case TRENDS -> List.of(Runs.PIPE.prefix + guarantee, Runs.SAME_BYTES.prefix + guarantee,
                    Runs.ENRICHER.prefix + guarantee);
        };
    }

    /** A ratio reported across rounds: a leg over its baseline, under a label that says what is compared. */
    record Comparison(String leg, String baseline, String label) {
    }

    /**
     * The ratios reported across rounds, for the legs run: same-bytes over raw pipe, enricher over both pipes, and
     * trends on over trends off. The trends legs' ratios to the pipes are in the leg rows only: the same-bytes pipe
     * writes no trends.
     */
    List<Comparison> comparisons() {
        List<String> names = new ArrayList<>(expectedLegs);
        legs.stream().map(l -> l.name).filter(n -> !names.contains(n)).forEach(names::add);
        List<Comparison> pairs = new ArrayList<>();
        for (String name : names) {
            Runs runs = runsOf(name);
            for (String baseline : baselinesOf(name)) {
                Runs against = runsOf(baseline);
                if (!names.contains(baseline) || runs == Runs.TRENDS && against != Runs.ENRICHER) {
                    continue;
                }
                pairs.add(new Comparison(name, baseline, runs == Runs.TRENDS ? "trends on / trends off"
                        : runs.label + " / " + against.label));
            }
        }
        return pairs;
    }

    // ---------------------------------------------------------------- rendering

    String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "news-enricher bench: %,d articles, %d partitions, %d round%s, %s%n",
                articles, partitions, rounds(), rounds() == 1 ? "" : "s", machineLine()));
        if (preload != null) {
            t.append(String.format(Locale.ROOT, "input: %.0f MB raw (%,.0f B/article avg), %,d themed copies "
                            + "(%.2f per article, %.0f MB as the raw pipe copies them), %,d dead letters, %,d "
                            + "unknown-ticker sightings, %,d changelog records (all outputs %.0f MB as the enricher "
                            + "writes them)%n",
                    preload.bytes() / 1e6, (double) preload.bytes() / preload.records(), preload.themedCopies(),
                    (double) preload.themedCopies() / preload.records(), preload.copyBytes() / 1e6,
                    preload.deadLetters(), preload.sightings(), preload.changelog(), preload.planBytes() / 1e6));
        }
        t.append(String.format(Locale.ROOT, "load average (1 min): %.2f at start, %.2f at end%n%n", loadAtStart,
                loadAtEnd));
        String header = padded(List.of("leg", "round", "runs", "guarantee", "time s", "articles/s", "steady/s",
                "MB/s in", "copies/s", "vs pipe", "(whole)", "vs same", "(whole)", "cpu s", "jit s", "brkr s",
                "other s",
                "heap MB", "live MB", "RSS MB", "output"), LEG_WIDTHS);
        t.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        for (Leg l : legs) {
            t.append(l.ok() ? padded(legCells(l), LEG_WIDTHS)
                    : padded(legCells(l).subList(0, 4), LEG_WIDTHS) + " FAILED: " + l.error).append('\n');
        }
        List<List<String>> spreads = spreadRows();
        if (!spreads.isEmpty()) {
            t.append('\n').append(String.format(Locale.ROOT, "ratios in steady state over %d round%s (median, "
                    + "lowest-highest, each round; whole leg in the JSON):%n", rounds(), rounds() == 1 ? "" : "s"));
            t.append("  ").append(padded(List.of("guarantee", "ratio", "median", "spread", "rounds"),
                    SPREAD_WIDTHS)).append('\n');
            for (List<String> row : spreads) {
                t.append("  ").append(padded(row, SPREAD_WIDTHS)).append('\n');
            }
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
                p.stages().forEach((stage, l) -> t.append(String.format(Locale.ROOT,
                        "      %-32s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", stage, l.p50Ms(), l.p99Ms(),
                        l.maxMs())));
            }
            t.append(String.format(Locale.ROOT, "  enricher JVM under latency load: heap %s MB peak, %s MB after GC at "
                            + "most, %s MB live (full GC halfway through the last phase), RSS %s MB%n",
                    mb(latency.stat("peak_heap_used_bytes")), mb(latency.stat("peak_heap_after_gc_bytes")),
                    mb(latency.stat("live_heap_bytes")), mb(latency.stat("peak_rss_bytes"))));
            String commits = latency.commitLine();
            if (commits != null) {
                t.append("  ").append(commits).append('\n');
            }
        }
        t.append('\n').append("targets:\n");
        for (Target target : targets()) {
            t.append(String.format(Locale.ROOT, "  %-7s %-52s %s%n", target.status(), target.name(),
                    target.measured()));
        }
        t.append("\ncolumns: runs = same, Streams: the same bytes written by Kafka Streams with the enricher's "
                + "settings and no enrichment; enricher: the service with trends off, enricher+trends: with trends on "
                + "(trends on over off is in the ratios above); steady/s = articles/s after the first tenth of the output; vs pipe = steady-state ratio to the raw pipe of the same guarantee and round, vs "
                + "same = to the same-bytes pipe, (whole) = over the whole leg; cpu s = CPU seconds of the leg's JVM "
                + "in the timed window; jit s = the JIT compiler threads' share of those (code still being compiled); brkr s = "
                + "of the broker's JVM; other s = everything else on the machine "
                + "(another user's load shows here); heap = peak used; live = peak after GC; RSS = peak resident "
                + "set. Every leg runs in its own JVM (-Xmx"
                + workerHeap + ")" + (warmUpArticles > 0 ? String.format(Locale.ROOT, ", measured after a warm-up on "
                + "%,d other articles", warmUpArticles) : "") + ".\n");
        t.append('\n').append(verdict()).append('\n');
        return t.toString();
    }

    /** One line: passed, or every reason it did not. */
    String verdict() {
        List<String> failures = failures();
        return failures.isEmpty() ? "PASSED: every leg completed with its whole output"
                : "FAILED: " + String.join("; ", failures);
    }

    private String machineLine() {
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GB, %s, %s", Machine.cores(), Machine.cpuModel(),
                Machine.memoryBytes() / 1e9, Machine.jvm(), Machine.os());
    }

    String markdown() {
        StringBuilder m = new StringBuilder();
        m.append("# news-enricher bench\n\n");
        m.append(String.format(Locale.ROOT, "%s to %s, %,d articles, %d partitions, seed %d, %d round%s, each leg in "
                        + "its own JVM (-Xmx%s) after a warm-up on %,d other articles%s.%n%n", startedAt, finishedAt,
                articles, partitions, seed, rounds(), rounds() == 1 ? "" : "s", workerHeap, warmUpArticles,
                settings.isEmpty() ? "" : ", settings " + settings));
        m.append(String.format(Locale.ROOT, "Machine: %s. Load average (1 min): %.2f at start, %.2f at end.%n%n",
                machineLine(), loadAtStart, loadAtEnd));
        if (preload != null) {
            m.append(String.format(Locale.ROOT, "Input: %,d records, %.0f MB (%,.0f B average), preloaded in %.1f s; "
                            + "%,d themed copies (%.0f MB as copied by the raw pipe), %,d dead letters, %,d "
                            + "unknown-ticker sightings, %,d changelog records (all outputs %.0f MB as the enricher "
                            + "writes them); kinds %s.%n%n", preload.records(), preload.bytes() / 1e6,
                    (double) preload.bytes() / preload.records(), preload.seconds(), preload.themedCopies(),
                    preload.copyBytes() / 1e6, preload.deadLetters(), preload.sightings(), preload.changelog(),
                    preload.planBytes() / 1e6, preload.kinds()));
        }
        if (preload != null && trendKeys >= 0) {
            m.append(String.format(Locale.ROOT, "Trends: the %,d articles that would be counted make %,d distinct "
                    + "(theme, ticker, window) keys, %.1f per input record: the fewest trend records any counting of "
                    + "them can publish.%n%n", trendArticles, trendKeys, (double) trendKeys / preload.records()));
        }
        m.append("Runs: `same, Streams` writes what the same-bytes pipe writes through Kafka Streams, with the "
                + "enricher's settings and without enriching (what it costs over the same-bytes pipe is Kafka "
                + "Streams' own); `enricher` is the service with trends off, so that it writes what the same-bytes pipe writes; "
                + "`enricher+trends` is the same service with trends on, the product default.\n\n");
        m.append("| leg | round | runs | guarantee | time s | articles/s | steady articles/s | MB/s in | copies/s "
                + "| vs pipe (steady) | vs pipe (whole leg) | vs same-bytes (steady) | vs same-bytes (whole leg) "
                + "| leg CPU s | broker CPU s | other CPU s | peak heap MB | live heap MB | peak RSS MB | output |\n");
        m.append("|---|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Leg l : legs) {
            m.append(l.ok() ? markdownRow(legCells(l))
                    // The failure fills the fifth cell; empty cells pad the row to the table's width.
                    : markdownRow(legCells(l).subList(0, 4)) + " FAILED: " + l.error + " "
                            + "|".repeat(LEG_WIDTHS.length - 4)).append('\n');
        }
        List<List<String>> spreads = spreadRows();
        if (!spreads.isEmpty()) {
            m.append(String.format(Locale.ROOT, "%nRatios in steady state over %d round%s (median, lowest–highest, "
                    + "each round):%n%n| guarantee | ratio | median | spread | rounds |%n|---|---|--:|--:|---|%n",
                    rounds(), rounds() == 1 ? "" : "s"));
            for (List<String> row : spreads) {
                m.append(markdownRow(row)).append('\n');
            }
        }
        if (latency != null) {
            m.append(String.format(Locale.ROOT, "%nLatency, produce → visible on the themed topics (enricher "
                    + "exactly_once_v2, commit.interval.ms %d, consumer read_committed)%s:%n%n",
                    latency.commitIntervalMs, latency.error == null ? "" : " — FAILED: " + latency.error));
            m.append("| phase | rate/s | copies | p50 ms | p99 ms | p99.9 ms | max ms |\n|---|--:|--:|--:|--:|--:|--:|\n");
            for (LatencyProbe.Phase p : latency.phases) {
                m.append(markdownRow(phaseCells(p))).append('\n');
            }
            m.append("\nWhere the time goes (stages from each copy's `enriched_at` and a read_uncommitted consumer):"
                    + "\n\n| phase | stage | p50 ms | p99 ms | max ms |\n|---|---|--:|--:|--:|\n");
            for (LatencyProbe.Phase p : latency.phases) {
                p.stages().forEach((stage, l) -> m.append(markdownRow(List.of(p.name(), stage, f("%.1f", l.p50Ms()),
                        f("%.1f", l.p99Ms()), f("%.1f", l.maxMs())))).append('\n'));
            }
            String commits = latency.commitLine();
            if (commits != null) {
                m.append('\n').append(commits).append('\n');
            }
        }
        m.append("\n| target | status | measured |\n|---|---|---|\n");
        for (Target target : targets()) {
            m.append(String.format("| %s | %s | %s |%n", target.name(), target.status(), target.measured()));
        }
        m.append('\n').append(verdict()).append('\n');
        return m.toString();
    }

    // Each row is formatted once; the console pads every cell to its column's width (negative: left-aligned,
    // 0: as is), Markdown joins the same cells.
    private static final int[] LEG_WIDTHS = {-11, 5, -15, -15, 6, 10, 8, 7, 8, 7, 7, 7, 7, 6, 6, 6, 7, 7, 7, 6, 0};
    private static final int[] SPREAD_WIDTHS = {-15, -25, 6, 11, 0};
    private static final int[] PHASE_WIDTHS = {-16, 9, 9, 8, 8, 8, 8, 0};

    /** A leg's cells; the first four (leg, round, runs, guarantee) also for a leg that failed. */
    private List<String> legCells(Leg l) {
        List<String> cells = new ArrayList<>(List.of(l.name, String.valueOf(l.round), l.runs.label, l.guarantee));
        if (l.ok()) {
            List<String> baselines = baselinesOf(l.name);
            String pipe = baselines.isEmpty() ? null : baselines.get(0);
            String same = baselines.size() > 1 ? baselines.get(1) : null;
            cells.addAll(List.of(f("%.1f", l.seconds()), f("%,.0f", l.articlesPerSecond()),
                    f("%,.0f", l.steadyArticlesPerSecond()), f("%.1f", l.mbInPerSecond()),
                    f("%,.0f", l.copiesPerSecond()), times(l, pipe, true), times(l, pipe, false),
                    times(l, same, true), times(l, same, false), f("%.1f", l.workerCpu()),
                    f("%.1f", l.jitSeconds()), f("%.1f", l.brokerCpuSeconds), f("%.1f", l.otherCpu()), mb(l.stat("peak_heap_used_bytes")),
                    mb(l.stat("peak_heap_after_gc_bytes")), mb(l.stat("peak_rss_bytes")), l.check()));
        }
        return cells;
    }

    private String times(Leg l, String baseline, boolean steady) {
        return baseline == null ? "" : times(ratio(l.name, baseline, l.round, steady));
    }

    /** One row per ratio: guarantee, "leg / baseline", median, lowest-highest, every round's. */
    private List<List<String>> spreadRows() {
        List<List<String>> rows = new ArrayList<>();
        for (Comparison c : comparisons()) {
            Spread s = spread(c.leg(), c.baseline(), true);
            rows.add(List.of(guaranteeOf(c.leg()), c.label(),
                    times(s.median()), Double.isNaN(s.min()) ? "" : times(s.min()) + "-" + times(s.max()),
                    String.join(" ", s.rounds().stream().map(r -> Double.isNaN(r) ? "n/a" : times(r)).toList())));
        }
        return rows;
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
        targets.add(ratioTarget("at_least_once enricher >= 0.9x same-bytes pipe",
                BenchCommand.ENRICH_ALOS, BenchCommand.SAME_ALOS, SAME_BYTES_TARGET));
        targets.add(ratioTarget("exactly_once_v2 enricher >= 0.9x same-bytes pipe",
                BenchCommand.ENRICH_EOS, BenchCommand.SAME_EOS, SAME_BYTES_TARGET));
        targets.add(ratioTarget("at_least_once enricher >= 0.6x plain pipe",
                BenchCommand.ENRICH_ALOS, BenchCommand.PIPE_ALOS, RAW_PIPE_TARGET));
        targets.add(ratioTarget("exactly_once_v2 enricher >= 0.6x transactional pipe",
                BenchCommand.ENRICH_EOS, BenchCommand.PIPE_EOS, RAW_PIPE_TARGET));
        targets.add(ratioTarget("at_least_once trends on >= 0.85x trends off",
                BenchCommand.TRENDS_ALOS, BenchCommand.ENRICH_ALOS, TRENDS_TARGET));
        targets.add(ratioTarget("exactly_once_v2 trends on >= 0.85x trends off",
                BenchCommand.TRENDS_EOS, BenchCommand.ENRICH_EOS, TRENDS_TARGET));
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
        long live = latency == null || latency.worker == null ? -1 : latency.stat("live_heap_bytes");
        targets.add(new Target("enricher live heap <= 128 MB (-Xmx" + workerHeap + ", full reference table)",
                live < 0 ? "n/a" : live <= LIVE_HEAP_TARGET_BYTES ? "MET" : "MISSED",
                live < 0 ? "not measured" : mb(live) + " MB after a full GC halfway through the last latency phase"));
        return targets;
    }

    /** Judged on the median steady-state ratio across rounds. */
    private Target ratioTarget(String name, String leg, String baseline, double target) {
        Spread steady = spread(leg, baseline, true);
        Spread whole = spread(leg, baseline, false);
        if (Double.isNaN(steady.median())) {
            return new Target(name, "n/a", "leg or baseline not run");
        }
        String measured = rounds() == 1
                ? String.format(Locale.ROOT, "%.2fx steady state (%.2fx over the whole leg, JIT warm-up included)",
                        steady.median(), whole.median())
                : String.format(Locale.ROOT, "median %.2fx steady state over %d rounds (%.2fx-%.2fx); median %.2fx "
                        + "over the whole leg", steady.median(), rounds(), steady.min(), steady.max(), whole.median());
        return new Target(name, steady.median() >= target ? "MET" : "MISSED", measured);
    }

    private static String times(double ratio) {
        return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    ObjectNode jsonNode() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("started_at", startedAt);
        root.put("finished_at", finishedAt);
        List<String> failures = failures();
        root.put("passed", failures.isEmpty());
        ArrayNode failuresNode = root.putArray("failures");
        failures.forEach(failuresNode::add);
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
        run.put("rounds", rounds());
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
            p.put("changelog_records", preload.changelog());
            p.put("planned_output_bytes", preload.planBytes());
            p.put("preload_seconds", preload.seconds());
            ObjectNode kinds = p.putObject("kinds");
            preload.kinds().forEach((k, v) -> kinds.put(k.name().toLowerCase(Locale.ROOT), v));
            if (trendKeys >= 0) {
                p.put("trend_counted_articles", trendArticles);
                p.put("trend_keys_distinct", trendKeys);
            }
        }
        ArrayNode legsNode = root.putArray("legs");
        for (Leg l : legs) {
            legsNode.add(l.json(this));
        }
        ArrayNode ratios = root.putArray("ratios");
        for (Comparison c : comparisons()) {
            ObjectNode r = ratios.addObject();
            r.put("guarantee", guaranteeOf(c.leg()));
            r.put("ratio", c.label());
            r.put("leg", c.leg());
            r.put("baseline", c.baseline());
            r.set("steady", spreadJson(spread(c.leg(), c.baseline(), true)));
            r.set("whole_leg", spreadJson(spread(c.leg(), c.baseline(), false)));
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

    private static ObjectNode spreadJson(Spread s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        putRatio(n, "median", s.median());
        putRatio(n, "min", s.min());
        putRatio(n, "max", s.max());
        ArrayNode rounds = n.putArray("rounds");
        s.rounds().forEach(r -> {
            if (Double.isNaN(r)) {
                rounds.addNull();
            } else {
                rounds.add(r);
            }
        });
        return n;
    }

    private static void putRatio(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
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

    /**
     * What a throughput leg runs; its name says it and the guarantee ({@code enrich-eos}, {@code same-alos}): the
     * kind's prefix, then {@code alos} or {@code eos}.
     */
    enum Runs {
        PIPE("pipe", "pipe"),
        SAME_BYTES("same-bytes", "same"),
        /** The same bytes written by Kafka Streams with the enricher's settings, without enriching. */
        STREAMS_SAME_BYTES("same, Streams", "streams"),
        /** The service with trends off, so that it writes what the same-bytes pipe writes. */
        ENRICHER("enricher", "enrich"),
        /** The service with trends on, the product default. */
        TRENDS("enricher+trends", "trends");

        final String label;
        final String prefix;

        Runs(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }

        /** Whether the leg counts trends, which the plan does not predict. */
        boolean trends() {
            return this == TRENDS;
        }
    }

    /** What a throughput leg runs; an unknown leg name is refused. */
    static Runs runsOf(String leg) {
        guaranteeOf(leg);
        String prefix = leg.substring(0, leg.lastIndexOf('-'));
        for (Runs runs : Runs.values()) {
            if (runs.prefix.equals(prefix)) {
                return runs;
            }
        }
        throw new IllegalArgumentException("Unknown leg '" + leg + "'");
    }

    /** The processing guarantee a throughput leg runs under; an unknown leg name is refused. */
    static String guaranteeOf(String leg) {
        if (leg.endsWith("-eos")) {
            return "exactly_once_v2";
        }
        if (leg.endsWith("-alos")) {
            return "at_least_once";
        }
        throw new IllegalArgumentException("Unknown leg '" + leg + "': a throughput leg ends in -alos or -eos");
    }

    /** One throughput leg in one round. */
    static final class Leg {
        final String name;
        final int round;
        final Runs runs;
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
        long changelog = -1;
        long trends = -1;
        long outBytes = -1;
        boolean complete;
        ObjectNode worker;
        String error;

        Leg(String name, int round, String guarantee, double loadAtStart) {
            this.name = name;
            this.round = round;
            this.runs = runsOf(name);
            this.guarantee = guarantee;
            this.loadAtStart = loadAtStart;
        }

        /** Whether the leg writes what the enricher writes beyond the themed copies and dead letters. */
        boolean writesEverything() {
            return runs != Runs.PIPE;
        }

        /** Whether the leg also publishes trend counts, checked for presence only: the plan cannot predict them. */
        boolean countsTrends() {
            return runs.trends();
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

        /**
         * What the leg published; complete when every count is what the input plans for this kind of leg and, for a
         * trends leg, its trends topic is not empty ({@code trends} is -1 for a leg that counts none).
         */
        void counted(long themed, long deadLetters, long sightings, long changelog, long trends, long outBytes) {
            this.themed = themed;
            this.deadLetters = deadLetters;
            this.sightings = sightings;
            this.changelog = changelog;
            this.trends = trends;
            this.outBytes = outBytes;
            this.complete = totals != null && themed == totals.themedCopies() && deadLetters == totals.deadLetters()
                    && (!writesEverything() || sightings == totals.sightings() && changelog == totals.changelog())
                    && (!countsTrends() || trends > 0);
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

        double jitSeconds() {
            return worker == null ? Double.NaN : worker.path("jit_seconds").asDouble(Double.NaN);
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
            String counts = themed + " copies, " + deadLetters + " DLQ" + (writesEverything()
                    ? ", " + sightings + " unknown, " + changelog + " changelog" : "")
                    + (countsTrends() ? ", " + trends + " trend records seen" : "");
            return (complete ? "complete: " : "MISMATCH: ") + counts;
        }

        String verdict() {
            return complete ? " (output complete)" : " (output " + check() + ")";
        }

        ObjectNode json(BenchReport report) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("leg", name);
            n.put("round", round);
            n.put("runs", runs.label);
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
            ArrayNode against = n.putArray("compared_with");
            for (String baseline : baselinesOf(name)) {
                ObjectNode b = against.addObject();
                b.put("baseline", baseline);
                putRatio(b, "steady_ratio", report.ratio(name, baseline, round, true));
                putRatio(b, "ratio", report.ratio(name, baseline, round, false));
            }
            n.put("broker_cpu_seconds", brokerCpuSeconds);
            n.put("machine_cpu_seconds", machineCpuSeconds);
            n.put("other_cpu_seconds", otherCpu());
            ObjectNode out = n.putObject("output");
            out.put("themed_copies", themed);
            out.put("dead_letters", deadLetters);
            out.put("unknown_ticker_sightings", sightings);
            out.put("changelog_records", changelog);
            if (countsTrends()) {
                // Seen when the topic was first found not empty: a presence check, not the final count.
                out.put("trend_records_seen", trends);
            }
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

        /**
         * The enricher's commits over the measured client's life (both phases and its start): how many rounds, and
         * what a round costs the stream thread, which processes nothing meanwhile: the producer's flush (waiting for
         * every send to be acknowledged), its offsets and its commit of the transaction. Kafka Streams' own figure
         * divides a round by the tasks it committed. Null when the worker did not report them.
         */
        String commitLine() {
            JsonNode threads = worker == null ? null : worker.get("stream_threads");
            JsonNode producer = worker == null ? null : worker.get("producer");
            if (threads == null || producer == null || threads.path("commit-total").asDouble() <= 0) {
                return null;
            }
            double commits = threads.path("commit-total").asDouble();
            return String.format(Locale.ROOT, "enricher commits: %,.0f rounds; per round on average: producer flush "
                            + "%.1f ms, offsets %.1f ms, commit of the transaction %.1f ms; Kafka Streams' commit "
                            + "latency per task committed (last minute): %.1f ms on average, %.1f ms at most",
                    commits, perCommitMs(producer, "flush-time-ns-total", commits),
                    perCommitMs(producer, "txn-send-offsets-time-ns-total", commits),
                    perCommitMs(producer, "txn-commit-time-ns-total", commits),
                    threads.path("commit-latency-avg").asDouble(Double.NaN),
                    threads.path("commit-latency-max").asDouble(Double.NaN));
        }

        private static double perCommitMs(JsonNode producer, String totalNs, double commits) {
            return producer.has(totalNs) ? producer.path(totalNs).asDouble() / commits / 1e6 : Double.NaN;
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
                ObjectNode stages = o.putObject("stages");
                p.stages().forEach((stage, l) -> {
                    ObjectNode st = stages.putObject(stage);
                    st.put("p50_ms", l.p50Ms());
                    st.put("p99_ms", l.p99Ms());
                    st.put("max_ms", l.maxMs());
                });
            }
            if (worker != null) {
                n.set("worker", worker);
            }
            return n;
        }
    }
}
