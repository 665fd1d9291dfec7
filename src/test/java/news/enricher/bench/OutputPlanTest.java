package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputPlanTest {

    private static List<TickerRow> tickers;

    @BeforeAll
    static void loadTable() {
        tickers = TickerCsv.read(Path.of("config/tickers.csv"));
    }

    @Test
    void theHeaderNamesEveryOutputInOrderAndReadsBackTheSame() {
        OutputPlan plan = new OutputPlan(List.of(OutputPlan.Output.changelog(12, 150),
                OutputPlan.Output.themed("ai-chips", 12, 9_000), OutputPlan.Output.themed("crypto", 12, 9_002),
                OutputPlan.Output.sighting(5, 120)));

        assertThat(plan.header()).isEqualTo("c:12:150,t:ai-chips:12:9000,t:crypto:12:9002,u:5:120");
        assertThat(OutputPlan.parse(plan.header()).outputs()).isEqualTo(plan.outputs());
        assertThat(plan.routes()).isEqualTo("ai-chips,crypto");
        assertThat(plan.bytes(12, 6_000)).isEqualTo(12 + 150 + 12 + 9_000 + 12 + 9_002 + 5 + 120);
    }

    @Test
    void aDeadLetterIsTheInputAsItIsAndARecrawlIsNothing() {
        OutputPlan deadLetter = OutputPlan.parse("d");
        OutputPlan recrawl = OutputPlan.parse("");

        assertThat(deadLetter.outputs()).containsExactly(OutputPlan.Output.deadLetter());
        assertThat(deadLetter.header()).isEqualTo("d");
        assertThat(deadLetter.routes()).isEqualTo(ArticleGenerator.DEAD_LETTER);
        assertThat(deadLetter.bytes(12, 6_000)).isEqualTo(6_012);
        assertThat(recrawl.outputs()).isEmpty();
        assertThat(recrawl.header()).isEmpty();
        assertThat(recrawl.routes()).isEmpty();
    }

    @Test
    void malformedHeadersAreRefused() {
        for (String bad : List.of("x:1:2", "t:1:2", "u:1", "c:1:2:3", "d:1", "u:a:2", "u:1:-2", "t:a:1:2,")) {
            assertThatThrownBy(() -> OutputPlan.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The plan is what the real topology writes, for every kind of record, history included. */
    @Test
    void theOfflinePlanHasWhatTheTopologyWritesForEachGeneratedRecord() {
        ArticleGenerator.Mix rough = new ArticleGenerator.Mix(0.1, 0.1, 0.05, 0.05, 0.1, 0.05);
        ArticleGenerator generator = new ArticleGenerator(tickers, 17, rough, "plan");
        Map<ArticleGenerator.Kind, Integer> seen = new EnumMap<>(ArticleGenerator.Kind.class);
        try (OutputPlan.Planner planner = OutputPlan.offline(EnricherConfig.defaults(), tickers)) {
            for (int i = 0; i < 400; i++) {
                ArticleGenerator.Generated g = generator.next();
                seen.merge(g.kind(), 1, Integer::sum);
                OutputPlan plan = planner.plan(g.key(), g.value());
                int key = g.key().getBytes(StandardCharsets.UTF_8).length;
                boolean published = !g.themes().isEmpty();

                assertThat(plan.routes()).as("%s %s", g.kind(), g.key()).isEqualTo(g.routes());
                assertThat(plan.count(OutputPlan.Kind.SIGHTING)).isEqualTo(g.sightings());
                assertThat(plan.count(OutputPlan.Kind.CHANGELOG)).isEqualTo(published ? 1 : 0);
                assertThat(plan.outputs()).hasSize(g.copies() + g.sightings() + (published ? 1 : 0)
                        + (g.deadLetter() ? 1 : 0));
                for (OutputPlan.Output o : plan.outputs()) {
                    switch (o.kind()) {
                        // A copy is the whole input plus the added fields, keyed by the article id.
                        case THEMED -> assertThat(o.keyBytes()).isEqualTo(key);
                        case CHANGELOG -> assertThat(o.keyBytes()).isEqualTo(key);
                        // Keyed by the symbol: ZQ + two letters + a digit for the generator's unknown tickers.
                        case SIGHTING -> assertThat(o.keyBytes()).isEqualTo(5);
                        case DEAD_LETTER -> assertThat(g.deadLetter()).isTrue();
                    }
                    if (o.kind() == OutputPlan.Kind.THEMED) {
                        assertThat(o.valueBytes()).isGreaterThan(g.value().length);
                    }
                }
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(ArticleGenerator.Kind.values());
    }

    @Test
    void enricherSettingsThatChangeRoutingReachThePlan() {
        ArticleGenerator generator = new ArticleGenerator(tickers, 5, ArticleGenerator.Mix.CLEAN, "allow");
        EnricherConfig onlyCrypto = EnricherConfig.defaults().with(EnricherConfig.THEME_ALLOWLIST, "crypto");
        try (OutputPlan.Planner planner = OutputPlan.offline(onlyCrypto, tickers)) {
            for (int i = 0; i < 50; i++) {
                ArticleGenerator.Generated g = generator.next();
                // Each theme in order, the ones outside the allowlist as the fallback, once.
                String expected = String.join(",", g.themes().stream()
                        .map(t -> t.equals("crypto") ? t : onlyCrypto.fallbackTheme()).distinct().toList());

                assertThat(planner.plan(g.key(), g.value()).routes()).as("%s", g.themes()).isEqualTo(expected);
            }
        }
    }
}
