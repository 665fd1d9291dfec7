package news.enricher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ArticleGeneratorTest {

    private static List<TickerRow> tickers;

    @BeforeAll
    static void loadTable() {
        tickers = TickerCsv.read(Path.of("config/tickers.csv"));
    }

    @Test
    void sameSeedGivesTheSameRecords() {
        ArticleGenerator a = new ArticleGenerator(tickers, 42, ArticleGenerator.Mix.DEFAULT, "t");
        ArticleGenerator b = new ArticleGenerator(tickers, 42, ArticleGenerator.Mix.DEFAULT, "t");
        for (int i = 0; i < 2_000; i++) {
            ArticleGenerator.Generated x = a.next();
            ArticleGenerator.Generated y = b.next();
            assertThat(y.key()).isEqualTo(x.key());
            assertThat(y.value()).isEqualTo(x.value());
            assertThat(y.kind()).isEqualTo(x.kind());
            assertThat(y.themes()).isEqualTo(x.themes());
            assertThat(y.unknownTickers()).isEqualTo(x.unknownTickers());
        }
    }

    @Test
    void differentSeedsGiveDifferentRecords() {
        ArticleGenerator a = new ArticleGenerator(tickers, 1, ArticleGenerator.Mix.DEFAULT, "t");
        ArticleGenerator b = new ArticleGenerator(tickers, 2, ArticleGenerator.Mix.DEFAULT, "t");
        assertThat(b.next().value()).isNotEqualTo(a.next().value());
    }

    @Test
    void articlesHaveTheSeedsShapeAndTheAdvertisedRanges() throws Exception {
        ArticleGenerator generator = new ArticleGenerator(tickers, 7, ArticleGenerator.Mix.CLEAN, "shape");
        int minBody = Integer.MAX_VALUE;
        int maxBody = 0;
        long totalBody = 0;
        int n = 3_000;
        for (int i = 0; i < n; i++) {
            ArticleGenerator.Generated g = generator.next();
            assertThat(g.kind()).isEqualTo(ArticleGenerator.Kind.NEW);
            JsonNode article = Json.MAPPER.readTree(g.value());
            List<String> fields = new ArrayList<>();
            article.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("slug", "title", "summary", "body_md", "url", "canonical_source",
                    "published_at", "updated_at", "lang", "topics", "entities", "alternates");
            assertThat(g.key()).isEqualTo(article.get("slug").asText());
            int body = article.get("body_md").asText().length();
            minBody = Math.min(minBody, body);
            maxBody = Math.max(maxBody, body);
            totalBody += body;
            assertThat(g.themes()).hasSizeBetween(1, ArticleGenerator.MAX_THEMES);
        }
        assertThat(minBody).isGreaterThanOrEqualTo(ArticleGenerator.MIN_BODY);
        // Links past the target size are still written, so the longest bodies run a little over 20 KB.
        assertThat(maxBody).isBetween(ArticleGenerator.MAX_BODY - 1024, ArticleGenerator.MAX_BODY + 4096);
        assertThat(totalBody / n).isBetween(6_000L, 10_000L);
    }

    @Test
    void theMixOfKindsIsAsConfigured() {
        ArticleGenerator generator = new ArticleGenerator(tickers, 3, ArticleGenerator.Mix.DEFAULT, "mix");
        Map<ArticleGenerator.Kind, Integer> counts = new EnumMap<>(ArticleGenerator.Kind.class);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            counts.merge(generator.next().kind(), 1, Integer::sum);
        }
        assertThat(counts.get(ArticleGenerator.Kind.RECRAWL)).isBetween(480, 720);
        assertThat(counts.get(ArticleGenerator.Kind.CORRECTION)).isBetween(300, 500);
        assertThat(counts.get(ArticleGenerator.Kind.BAD_JSON)).isBetween(60, 140);
        assertThat(counts.get(ArticleGenerator.Kind.INVALID)).isBetween(60, 140);
    }

    /** The expectations the benchmark relies on are what the real topology does with each record. */
    @Test
    void expectedCopiesMatchTheRealTopology() {
        ArticleGenerator.Mix rough = new ArticleGenerator.Mix(0.1, 0.1, 0.05, 0.05, 0.1, 0.05);
        ArticleGenerator generator = new ArticleGenerator(tickers, 11, rough, "topo");
        // The generator predicts copies, sightings and dead letters; the trend counts are TrendsTopologyTest's.
        EnricherConfig config = EnricherConfig.defaults().with(EnricherConfig.TRENDS_ENABLED, "false");
        Map<ArticleGenerator.Kind, Integer> seen = new EnumMap<>(ArticleGenerator.Kind.class);
        int sightings = 0;
        try (OfflineEnricher offline = new OfflineEnricher(config, tickers, Clock.systemUTC())) {
            for (int i = 0; i < 600; i++) {
                ArticleGenerator.Generated g = generator.next();
                seen.merge(g.kind(), 1, Integer::sum);
                List<OutputRecord> out = offline.enrich(g.key(), g.value());
                List<String> themed = out.stream().map(OutputRecord::topic)
                        .filter(t -> t.startsWith(config.themeTopicPrefix()))
                        .map(t -> t.substring(config.themeTopicPrefix().length())).toList();
                long unknown = out.stream().filter(r -> r.topic().equals(config.unknownTickersTopic())).count();
                long dlq = out.stream().filter(r -> r.topic().equals(config.deadLetterTopic())).count();
                assertThat(themed).as("themes of %s %s", g.kind(), g.key()).isEqualTo(g.themes());
                assertThat(unknown).as("sightings of %s", g.key()).isEqualTo(g.sightings());
                assertThat(dlq).as("dead letters of %s", g.key()).isEqualTo(g.deadLetter() ? 1 : 0);
                assertThat(out).hasSize(g.copies() + g.sightings() + (g.deadLetter() ? 1 : 0));
                sightings += g.sightings();
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(ArticleGenerator.Kind.values());
        assertThat(sightings).isPositive();
    }

    @Test
    void routesHeaderNamesThemesOrTheDeadLetterTopic() {
        ArticleGenerator.Generated published = new ArticleGenerator.Generated("k", new byte[0],
                ArticleGenerator.Kind.NEW, List.of("ai-chips", "crypto"), 2);
        ArticleGenerator.Generated recrawl = new ArticleGenerator.Generated("k", new byte[0],
                ArticleGenerator.Kind.RECRAWL, List.of(), 0);
        ArticleGenerator.Generated broken = new ArticleGenerator.Generated("k", new byte[0],
                ArticleGenerator.Kind.BAD_JSON, List.of(), 0);
        assertThat(published.routes()).isEqualTo("ai-chips,crypto");
        assertThat(published.sightings()).isEqualTo(2);
        assertThat(recrawl.routes()).isEmpty();
        assertThat(broken.routes()).isEqualTo(ArticleGenerator.DEAD_LETTER);
    }
}
