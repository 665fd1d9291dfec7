package news.enricher.faults;

import news.enricher.config.EnricherConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reconciles what the enricher wrote against what the crawler got into Kafka. Every acknowledged record expects a
 * multiset of deliveries: one themed copy per theme keyed (topic, article id, version tag) for a publishable
 * version, one dead letter keyed (key bytes, SHA-256 of the value) for a broken record, one unknown-ticker sighting
 * per (symbol, article id) per published version, nothing for re-crawls, stale versions and tombstones.
 * Observed records (already de-duplicated by position) are counted against it:
 * fewer than expected is missing, more is duplicated, a delivery nobody expected is unexpected, and a record
 * whose content is wrong (symbols, theme, missing reason) is malformed.
 */
public final class Reconciler {

    private static final int SAMPLES = 8;

    private Reconciler() {
    }

    private static final class Expected {
        int count;
        final RawRecord record;
        final int index;

        Expected(RawRecord record, int index) {
            this.record = record;
            this.index = index;
        }
    }

    public static Reconciliation reconcile(EnricherConfig config, Ledger ledger, List<Observed> observed) {
        Map<String, Expected> expected = new HashMap<>();
        long expectedCopies = 0;
        long expectedDeadLetters = 0;
        long expectedSightings = 0;
        long publishedVersions = 0;
        for (int index : ledger.ackedIndexes()) {
            RawRecord r = ledger.plan().get(index);
            switch (r.outcome()) {
                case PUBLISH -> {
                    publishedVersions++;
                    for (String theme : r.themes()) {
                        expect(expected, id(Observed.Kind.THEMED, config.themeTopic(theme), r.articleId(), r.tag()), r,
                                index);
                        expectedCopies++;
                    }
                    for (String symbol : r.unknownSymbols()) {
                        expect(expected, id(Observed.Kind.UNKNOWN_TICKER, config.unknownTickersTopic(), symbol,
                                r.articleId()), r, index);
                        expectedSightings++;
                    }
                }
                case DEAD_LETTER -> {
                    expect(expected, id(Observed.Kind.DEAD_LETTER, config.deadLetterTopic(), RawRecord.keyId(r.key()),
                            OutputReader.sha256(r.value())), r, index);
                    expectedDeadLetters++;
                }
                default -> {
                }
            }
        }

        Map<String, List<Observed>> seen = new LinkedHashMap<>();
        long enriched = 0;
        long deadLettered = 0;
        long sightings = 0;
        for (Observed o : observed) {
            seen.computeIfAbsent(id(o.kind(), o.topic(), o.key(), o.ident()), k -> new ArrayList<>()).add(o);
            switch (o.kind()) {
                case THEMED -> enriched++;
                case DEAD_LETTER -> deadLettered++;
                default -> sightings++;
            }
        }

        Counts themed = new Counts();
        Counts dead = new Counts();
        Counts unknown = new Counts();
        List<String> samples = new ArrayList<>();
        Map<String, Integer> missingByKind = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        for (Map.Entry<String, List<Observed>> e : seen.entrySet()) {
            List<Observed> got = e.getValue();
            Observed first = got.get(0);
            Counts counts = first.kind() == Observed.Kind.THEMED ? themed
                    : first.kind() == Observed.Kind.DEAD_LETTER ? dead : unknown;
            Expected exp = expected.get(e.getKey());
            for (Observed o : got) {
                String problem = o.problem() != null ? o.problem() : exp == null ? null : contentProblem(o, exp.record);
                if (problem != null) {
                    counts.malformed++;
                    sample(samples, "malformed " + o.position() + " key=" + o.key() + ": " + problem);
                }
            }
            if (exp == null) {
                counts.unexpected += got.size();
                sample(samples, "unexpected " + got.size() + "x " + describe(first));
                continue;
            }
            if (first.kind() == Observed.Kind.THEMED) {
                latencies.add(got.stream().mapToLong(Observed::timestamp).min().orElseThrow()
                        - ledger.appendedAt(exp.index));
            }
            if (got.size() > exp.count) {
                counts.duplicated += got.size() - exp.count;
                sample(samples, "duplicated " + (got.size() - exp.count) + "x " + describe(first) + " at "
                        + got.stream().map(Observed::position).toList());
            } else if (got.size() < exp.count) {
                counts.missing += exp.count - got.size();
                missingByKind.merge(first.kind() + " " + exp.record.kind(), exp.count - got.size(), Integer::sum);
            }
        }
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            if (!seen.containsKey(e.getKey())) {
                Expected exp = e.getValue();
                String kind = e.getKey().substring(0, e.getKey().indexOf('|'));
                Counts counts = kind.equals("THEMED") ? themed : kind.equals("DEAD_LETTER") ? dead : unknown;
                counts.missing += exp.count;
                missingByKind.merge(kind + " " + exp.record.kind(), exp.count, Integer::sum);
                sample(samples, "missing " + exp.count + "x " + e.getKey().replace('|', ' ') + " (record #"
                        + exp.index + ", " + exp.record.kind() + ")");
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Reconciliation(ledger.ackedCount(), ledger.count(Ledger.Status.REFUSED), publishedVersions,
                expectedCopies, expectedDeadLetters, expectedSightings, enriched, deadLettered, sightings,
                themed, dead, unknown, missingByKind, samples, ledger.failures(), Latency.of(sorted));
    }

    private static String contentProblem(Observed o, RawRecord r) {
        if (o.kind() == Observed.Kind.THEMED && r.symbols() != null && !r.symbols().equals(o.symbols())) {
            return "symbols " + o.symbols() + ", expected " + r.symbols();
        }
        if (o.kind() == Observed.Kind.DEAD_LETTER && r.reason() != null && !r.reason().equals(o.reason())) {
            return "reason " + o.reason() + ", expected " + r.reason() + " (" + r.kind() + ")";
        }
        return null;
    }

    private static void expect(Map<String, Expected> expected, String id, RawRecord r, int index) {
        expected.computeIfAbsent(id, k -> new Expected(r, index)).count++;
    }

    static String id(Observed.Kind kind, String topic, String key, String ident) {
        return kind + "|" + topic + "|" + Objects.toString(key) + "|" + ident;
    }

    private static String describe(Observed o) {
        return o.kind() + " " + o.topic() + " key=" + abbreviate(o.key()) + " ident=" + abbreviate(o.ident());
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 90 ? s : s.substring(0, 90) + "…";
    }

    private static void sample(List<String> samples, String line) {
        if (samples.size() < SAMPLES * 4) {
            samples.add(line);
        }
    }

    /** Missing, duplicated, unexpected and malformed records of one kind of output. */
    public static final class Counts {
        long missing;
        long duplicated;
        long unexpected;
        long malformed;

        public long missing() {
            return missing;
        }

        public long duplicated() {
            return duplicated;
        }

        public long unexpected() {
            return unexpected;
        }

        public long malformed() {
            return malformed;
        }

        Map<String, Long> asMap() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("missing", missing);
            m.put("duplicated", duplicated);
            m.put("unexpected", unexpected);
            m.put("malformed", malformed);
            return m;
        }
    }

    /** End-to-end latency (raw append to first themed copy append), in ms. */
    public record Latency(long count, long p50, long p99, long max) {
        static Latency of(long[] sorted) {
            if (sorted.length == 0) {
                return new Latency(0, 0, 0, 0);
            }
            return new Latency(sorted.length, sorted[(int) ((sorted.length - 1) * 0.5)],
                    sorted[(int) ((sorted.length - 1) * 0.99)], Arrays.stream(sorted).max().orElse(0));
        }
    }
}
