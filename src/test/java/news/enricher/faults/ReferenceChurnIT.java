package news.enricher.faults;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static news.enricher.faults.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 5: the whole 6,889-row reference table is reloaded again and again while articles flow, alternating two
 * versions of a few hundred rows. Each changed row carries its version tag in name, sector and industry, so a
 * ticker on an enriched article whose fields come from two versions of the row would show two tags.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class ReferenceChurnIT {

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @Test
    void articlesFlowWithoutLossWhileTheReferenceTableIsReloadedAndEveryTickerRowIsFromOneVersion()
            throws Exception {
        String scenario = "reference-churn";
        int articles = FaultSettings.size("churn.articles", 2000, 20_000);
        int rate = FaultSettings.size("churn.rate", 150, 250);
        int changedRows = FaultSettings.size("churn.changed-rows", 300, 600);
        long seed = FaultSettings.seed() + 5;
        Random random = new Random(seed);
        List<TickerRow> shuffled = new ArrayList<>(Scenarios.TABLE);
        Collections.shuffle(shuffled, random);
        List<TickerRow> changed = shuffled.subList(0, changedRows);
        Map<String, TickerRow> original = new HashMap<>();
        Map<String, TickerRow> versionA = new HashMap<>();
        Map<String, TickerRow> versionB = new HashMap<>();
        Scenarios.TABLE.forEach(row -> original.put(row.referenceKey(), row));
        for (TickerRow row : changed) {
            versionA.put(row.referenceKey(), tagged(row, "vA"));
            versionB.put(row.referenceKey(), tagged(row, "vB"));
        }
        List<TickerRow> tableA = table(original, versionA);
        List<TickerRow> tableB = table(original, versionB);

        AtomicLong seenA = new AtomicLong();
        AtomicLong seenB = new AtomicLong();
        AtomicLong seenUnchanged = new AtomicLong();
        Map<String, String> tickersByVersion = new ConcurrentHashMap<>();
        Function<JsonNode, String> check = value -> {
            String tag = value.path(ArticleGenerator.TAG_FIELD).asText();
            String tickers = value.path("tickers").toString();
            String firstCopy = tickersByVersion.putIfAbsent(tag, tickers);
            if (firstCopy != null && !firstCopy.equals(tickers)) {
                return "the copies of " + tag + " disagree on their tickers";
            }
            for (JsonNode t : value.path("tickers")) {
                String symbol = t.path("symbol").asText();
                String key = "crypto".equals(t.path("asset_class").asText()) ? "crypto:" + symbol : symbol;
                if (versionA.containsKey(key)) {
                    if (same(t, versionA.get(key))) {
                        seenA.incrementAndGet();
                    } else if (same(t, versionB.get(key))) {
                        seenB.incrementAndGet();
                    } else {
                        return "ticker " + key + " matches neither version: " + t;
                    }
                } else if (original.containsKey(key)) {
                    if (!same(t, original.get(key))) {
                        return "unchanged ticker " + key + " differs from the table: " + t;
                    }
                    seenUnchanged.incrementAndGet();
                } else {
                    return "resolved ticker " + key + " is not in the table";
                }
            }
            return null;
        };

        try (FaultRun run = new FaultRun(scenario, BROKER.broker(), StreamsConfig.EXACTLY_ONCE_V2, Map.of())) {
            run.provision(tableA);
            List<RawRecord> plan = new ArticleGenerator(seed, scenario, Scenarios.TABLE,
                    ArticleGenerator.Mix.standard(0).favouring(changed, 0.5)).plan(articles);
            run.fleet().add().start();
            run.fleet().add().start();
            run.fleet().awaitAllRunning(Scenarios.START);
            run.event("2 instances RUNNING");

            ReferenceTopicWriter writer = new ReferenceTopicWriter(run.config().clientProperties(),
                    run.config().referenceTopic());
            AtomicInteger reloads = new AtomicInteger();
            AtomicLong reloadMs = new AtomicLong();
            ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor();
            Crawler crawler;
            try {
                crawler = run.crawl(plan, rate);
                reloader.scheduleWithFixedDelay(() -> {
                    long began = System.nanoTime();
                    writer.write(reloads.get() % 2 == 0 ? tableB : tableA, false);
                    reloadMs.addAndGet((System.nanoTime() - began) / 1_000_000);
                    reloads.incrementAndGet();
                }, 0, 300, TimeUnit.MILLISECONDS);
                crawler.awaitDone(Scenarios.PROCESSED);
            } finally {
                reloader.shutdownNow();
                reloader.awaitTermination(60, TimeUnit.SECONDS);
            }
            run.event("crawler done; " + reloads.get() + " full reloads of the table while it ran");
            run.awaitProcessed(Scenarios.PROCESSED);
            FaultRun.Verdict verdict = run.verify(check, Scenarios.READ);

            Reconciliation r = verdict.reconciliation();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("full_table_reloads", reloads.get());
            figures.put("rows_per_reload", tableA.size());
            figures.put("mean_reload_ms", reloads.get() == 0 ? 0 : reloadMs.get() / reloads.get());
            figures.put("changed_rows", changedRows);
            figures.put("ticker_rows_seen_version_A", seenA.get());
            figures.put("ticker_rows_seen_version_B", seenB.get());
            figures.put("ticker_rows_seen_unchanged", seenUnchanged.get());
            figures.put("torn_or_foreign_rows", r.malformed());
            figures.put("produce_duration_s", seconds(crawler.finishedAt() - crawler.startedAt()));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("instances", 2);
            settings.put("articles", articles);
            settings.put("rate_records_per_s", rate);
            settings.put("links_to_changed_rows", "50%");
            boolean passed = r.clean() && seenA.get() > 0 && seenB.get() > 0 && reloads.get() >= 4;
            run.report("reference table reloaded repeatedly (two alternating versions) while articles flow",
                    verdict, passed, "missing = duplicated = unexpected = malformed = 0 (malformed includes a "
                            + "ticker whose fields mix versions), and both versions seen", figures, settings);

            assertThat(r.crawlerFailures()).isEmpty();
            assertThat(r.clean()).as(r.summary()).isTrue();
            assertThat(reloads.get()).isGreaterThanOrEqualTo(4);
            assertThat(seenA.get()).as("tickers enriched from version A").isPositive();
            assertThat(seenB.get()).as("tickers enriched from version B").isPositive();
        }
    }

    private static TickerRow tagged(TickerRow row, String version) {
        return new TickerRow(row.symbol(), Objects.toString(row.name(), row.symbol()) + " [" + version + "]",
                row.exchange(), "Sector " + version, Objects.toString(row.industry(), "") + " [" + version + "]",
                row.country(), row.assetClass());
    }

    private static List<TickerRow> table(Map<String, TickerRow> original, Map<String, TickerRow> changed) {
        List<TickerRow> rows = new ArrayList<>();
        for (TickerRow row : Scenarios.TABLE) {
            rows.add(changed.getOrDefault(row.referenceKey(), row));
        }
        return rows;
    }

    private static boolean same(JsonNode t, TickerRow row) {
        return Objects.equals(text(t, "name"), row.name()) && Objects.equals(text(t, "exchange"), row.exchange())
                && Objects.equals(text(t, "sector"), row.sector()) && Objects.equals(text(t, "industry"), row.industry())
                && Objects.equals(text(t, "country"), row.country());
    }

    private static String text(JsonNode t, String field) {
        JsonNode v = t.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
