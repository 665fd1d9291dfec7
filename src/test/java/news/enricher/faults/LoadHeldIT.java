package news.enricher.faults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.reference.TickerRow;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static news.enricher.faults.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load held: a burst of articles of about 7 MB each, sent as fast as the broker takes them across every raw
 * partition, to three enricher JVMs with the heap the README says a deployment with articles up to the 8 MiB
 * limit needs ({@code -Xmx768m}). No instance may run out of memory or die, and every article must come out
 * enriched (one copy per theme) or, when broken, dead-lettered.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class LoadHeldIT {

    /** The README's heap for articles up to the 8 MiB limit ("Heap a deployment needs"). */
    static final String HEAP = "-Xmx768m";
    private static final int ARTICLE_BYTES = 7 * 1000 * 1000;
    /**
     * The crawler's {@code compression.type} ({@code -Dfaults.load.compression}, default none). The generated bodies
     * repeat one paragraph, so compressed they shrink to a few KB and one fetch holds hundreds of articles.
     */
    private static final String COMPRESSION = System.getProperty("faults.load.compression", "none");

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @Test
    void aBurstOfSevenMegabyteArticlesIsEnrichedOrDeadLetteredWithoutRunningOutOfMemory() throws Exception {
        String scenario = "load-held";
        int articles = FaultSettings.size("load.articles", 20, 200);
        long seed = FaultSettings.seed();
        List<String> jvm = List.of("-Xms64m", HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true");
        try (FaultRun run = new FaultRun(scenario, BROKER.broker().bootstrapServers(), StreamsConfig.EXACTLY_ONCE_V2,
                Map.of(), jvm)) {
            run.provision(Scenarios.TABLE);
            for (int i = 0; i < 3; i++) {
                run.fleet().add().start();
            }
            run.fleet().awaitAllRunning(Scenarios.START);
            run.event("3 instances RUNNING with " + HEAP);
            List<Path> logs = run.fleet().instances().stream().map(EnricherProcess::log).toList();
            LogErrors errors = LogErrors.mark(logs);

            List<RawRecord> plan = plan(new Random(seed), articles);
            long bytes = plan.stream().mapToLong(RawRecord::size).sum();
            // Far above what the broker takes: the crawler sends as fast as its buffer drains, a burst.
            Crawler crawler = run.crawl(plan, 100_000, Map.of("compression.type", COMPRESSION));
            crawler.awaitDone(Scenarios.PROCESSED);
            run.event("crawler done: " + plan.size() + " records, " + bytes / 1_000_000 + " MB");
            run.awaitProcessed(Scenarios.PROCESSED);
            // The copies are lz4-compressed by the enricher's producer and shrink to a few KB each.
            List<Observed> observed = OutputReader.readFrom(run.config(), Map.of(), null, Scenarios.READ, 4);
            FaultRun.Verdict verdict = new FaultRun.Verdict(Reconciler.reconcile(run.config(), run.ledger(),
                    observed), observed, new Timeline(observed));

            long outOfMemory = errors.outOfMemoryLines();
            boolean untouched = run.fleet().instances().stream().allMatch(p -> p.alive() && p.incarnation() == 1);
            Reconciliation r = verdict.reconciliation();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("articles", plan.size());
            figures.put("raw_megabytes", bytes / 1_000_000);
            figures.put("produce_duration_s", seconds(crawler.finishedAt() - crawler.startedAt()));
            figures.put("processed_after_s", seconds(System.currentTimeMillis() - crawler.startedAt()));
            figures.put("out_of_memory_lines", outOfMemory);
            figures.put("instance_states", run.fleet().states());
            figures.put("enricher_log_errors_by_kind", errors.byKind());
            figures.put("crawler_send_errors_by_class", run.ledger().sendErrors());
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("instances", 3);
            settings.put("heap", HEAP);
            settings.put("raw_partitions", run.config().topicPartitions());
            settings.put("article_bytes", ARTICLE_BYTES);
            settings.put("broker", "one embedded KRaft broker");
            settings.put("crawler_compression", COMPRESSION);
            run.report("a burst of ~7 MB articles at the README's heap", verdict,
                    r.clean() && outOfMemory == 0 && untouched, "no OutOfMemoryError in any instance log, every "
                            + "instance alive in its first incarnation, missing = duplicated = unexpected = "
                            + "malformed = 0", figures, settings);

            assertThat(outOfMemory).as("lines naming OutOfMemoryError in " + logs).isZero();
            assertThat(untouched).as("every instance alive in its first incarnation: " + run.fleet().states())
                    .isTrue();
            assertThat(r.crawlerFailures()).isEmpty();
            assertThat(r.produced()).isEqualTo(plan.size());
            assertThat(r.clean()).as(r.summary()).isTrue();
        }
    }

    /**
     * Articles of about 7 MB: a body of plain paragraphs with links to known tickers spread through it, one to five
     * themes. Every tenth is cut short (not JSON), which must be dead-lettered whole. Keys spread over every
     * partition.
     */
    static List<RawRecord> plan(Random random, int articles) {
        List<TickerRow> equities = Scenarios.TABLE.stream()
                .filter(t -> t.assetClass().equals("equity") && t.symbol().matches("[A-Z]{1,5}")).toList();
        String paragraph = "Chip makers and memory suppliers traded higher as investors weighed the outlook for "
                + "data center demand, power grid capacity and the cost of debt behind the build-out. ";
        List<RawRecord> plan = new ArrayList<>();
        for (int n = 0; n < articles; n++) {
            String slug = "load-held-" + n + "-" + Integer.toHexString(random.nextInt());
            String tag = slug + "@v1";
            List<String> symbols = new ArrayList<>();
            StringBuilder body = new StringBuilder(ARTICLE_BYTES + 1024);
            while (body.length() < ARTICLE_BYTES) {
                body.append(paragraph);
                if (random.nextInt(2000) == 0 || body.length() == paragraph.length()) {
                    String symbol = equities.get(random.nextInt(equities.size())).symbol();
                    if (!symbols.contains(symbol)) {
                        symbols.add(symbol);
                    }
                    body.append("[").append(symbol).append("](https://robinhood.com/us/en/stocks/").append(symbol)
                            .append("/) ");
                }
            }
            List<String> pool = new ArrayList<>(ArticleGenerator.THEMES);
            List<String> themes = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int t = 0; t < count; t++) {
                themes.add(pool.remove(random.nextInt(pool.size())));
            }
            ObjectNode a = JsonNodeFactory.instance.objectNode();
            a.put("slug", slug);
            a.put("title", "Load held " + n);
            a.put("summary", "A long article.");
            a.put("body_md", body.toString());
            a.put("url", "https://news.example/load-held/" + n);
            a.put("published_at", "2026-06-23 13:59:59+00:00");
            a.put("updated_at", "2026-06-23T14:00:00Z");
            ArrayNode topics = a.putArray("topics");
            themes.forEach(topics::add);
            a.put(ArticleGenerator.TAG_FIELD, tag);
            byte[] value = ArticleGenerator.bytes(a);
            if (n % 10 == 9) {
                plan.add(RawRecord.deadLetter(RawRecord.utf8(slug), Arrays.copyOf(value, value.length - 100),
                        "bad:truncated-7mb", RawRecord.SERIALIZATION));
            } else {
                plan.add(RawRecord.publish(slug, value, "valid-7mb", slug, tag, themes, symbols, List.of()));
            }
        }
        return plan;
    }
}
