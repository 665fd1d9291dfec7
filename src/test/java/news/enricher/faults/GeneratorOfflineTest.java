package news.enricher.faults;

import news.enricher.config.EnricherConfig;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite's expectations must be exact, or its zero-missing/zero-duplicate verdicts mean nothing. Here the
 * generated workloads go through the production topology offline (no broker, no faults) and must reconcile
 * perfectly; the same reconciliation then catches a dropped, a repeated and a foreign record.
 */
class GeneratorOfflineTest {

    private static final List<TickerRow> TABLE = TickerCsv.read(Path.of("config/tickers.csv"));
    private static final EnricherConfig CONFIG = EnricherConfig.defaults();

    @Test
    void theArticleWorkloadsExpectationsMatchTheTopologyExactly() {
        List<RawRecord> plan = new ArticleGenerator(7, "offline", TABLE, ArticleGenerator.Mix.standard(3)).plan(1500);
        Run run = runOffline(plan);

        assertThat(run.reconciliation.clean()).as(run.reconciliation.summary()).isTrue();
        assertThat(run.reconciliation.enriched()).isEqualTo(run.reconciliation.expectedCopies()).isPositive();
        assertThat(run.reconciliation.deadLettered()).isEqualTo(run.reconciliation.expectedDeadLetters()).isPositive();
        assertThat(plan).extracting(RawRecord::kind)
                .contains("valid", "recrawl", "recrawl-format", "stale", "bad:truncated", "bad:topics-string");
    }

    @Test
    void theHostileWorkloadsExpectationsMatchTheTopologyExactly() {
        HostileGenerator hostile = new HostileGenerator(11, "offline", TABLE,
                new HostileGenerator.Sizes(1, 6, 60_000, 3_000, true));
        List<RawRecord> plan = hostile.plan(400, 1600);
        // The driver's input topic takes String keys: binary keys are for the real broker only.
        Run run = runOffline(plan.stream().filter(r -> r.outcome() != RawRecord.Outcome.REFUSED)
                .filter(r -> r.key() == null || java.util.Arrays.equals(r.key(),
                        new String(r.key(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))).toList());

        assertThat(run.reconciliation.clean()).as(run.reconciliation.summary()).isTrue();
        assertThat(run.reconciliation.deadLettered()).isEqualTo(run.reconciliation.expectedDeadLetters())
                .isGreaterThan(1200);
        assertThat(plan).extracting(RawRecord::kind).contains("hostile:random-bytes", "hostile:mutated-json",
                "hostile:deep-nesting", "hostile:non-utf8", "hostile:5mb-body", "hostile:pathological",
                "hostile:near-limit", "hostile:enriched-over-limit", "hostile:over-raw-limit", "hostile:tombstone");
    }

    @Test
    void theReconciliationCatchesAMissingADuplicatedAndAnUnexpectedRecord() {
        List<RawRecord> plan = new ArticleGenerator(7, "offline", TABLE, ArticleGenerator.Mix.standard(0)).plan(200);
        Run run = runOffline(plan);
        List<Observed> tampered = new ArrayList<>(run.observed);
        Observed dropped = tampered.remove(tampered.size() / 2);
        Observed copy = tampered.get(0);
        tampered.add(new Observed(copy.kind(), copy.topic(), copy.partition(), 1_000_000, copy.key(), copy.ident(),
                copy.timestamp(), copy.theme(), copy.symbols(), copy.reason(), copy.problem()));
        tampered.add(new Observed(Observed.Kind.THEMED, CONFIG.themeTopic("macro"), 0, 1_000_001, "nobody",
                "nobody#1", 0, "macro", List.of(), null, null));

        Reconciliation r = Reconciler.reconcile(CONFIG, run.ledger, tampered);

        assertThat(r.missing()).as(r.summary()).isEqualTo(1);
        assertThat(r.duplicated()).as(r.summary()).isEqualTo(1);
        assertThat(r.unexpected()).as(r.summary()).isEqualTo(1);
        assertThat(r.clean()).isFalse();
        assertThat(dropped).isNotNull();
    }

    private record Run(Ledger ledger, List<Observed> observed, Reconciliation reconciliation) {
    }

    private static Run runOffline(List<RawRecord> plan) {
        Ledger ledger = new Ledger(plan);
        List<Observed> observed = new ArrayList<>();
        try (OfflineEnricher offline = new OfflineEnricher(CONFIG, TABLE, Clock.systemUTC())) {
            for (int i = 0; i < plan.size(); i++) {
                RawRecord r = plan.get(i);
                ledger.acked(i, i);
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                for (OutputRecord out : offline.enrich(key, r.value())) {
                    if (out.topic().equals(CONFIG.trendsTopic())) {
                        continue; // counts, not records of an article: the ledger reconciles articles
                    }
                    observed.add(OutputReader.observe(CONFIG, out.topic(), 0, observed.size(),
                            out.key() == null ? null : out.key().getBytes(StandardCharsets.UTF_8), out.value(), i,
                            out.headers().get("__streams.errors.exception"),
                            out.headers().get("__streams.errors.message"), null));
                }
            }
        }
        return new Run(ledger, observed, Reconciler.reconcile(CONFIG, ledger, observed));
    }
}
