package news.enricher.acl;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.assertj.core.api.Assertions.assertThat;

class AclSetTest {

    /** Every name differs from the defaults, so a rule that ignores the configuration shows. */
    private static final EnricherConfig CONFIG = EnricherConfig.defaults().with(Map.of(
            "application.id", "app",
            EnricherConfig.RAW_TOPIC, "in.raw",
            EnricherConfig.REFERENCE_TOPIC, "in.ref",
            EnricherConfig.DEAD_LETTER_TOPIC, "out.dlq",
            EnricherConfig.UNKNOWN_TICKERS_TOPIC, "out.unknown",
            EnricherConfig.THEME_TOPIC_PREFIX, "out.theme.",
            EnricherConfig.TRENDS_TOPIC, "out.trends",
            EnricherConfig.TRENDS_ENABLED, "false"));

    private record Grant(ResourceType type, PatternType pattern, String name, AclOperation operation) {
    }

    private static Set<Grant> grants(List<AclRule> rules) {
        return rules.stream().map(r -> new Grant(r.resourceType(), r.patternType(), r.name(), r.operation()))
                .collect(Collectors.toSet());
    }

    private static Grant literal(ResourceType type, String name, AclOperation op) {
        return new Grant(type, PatternType.LITERAL, name, op);
    }

    private static Grant prefixed(ResourceType type, String name, AclOperation op) {
        return new Grant(type, PatternType.PREFIXED, name, op);
    }

    @Test
    void withoutTrendsTheEnricherUnderExactlyOnceGetsExactlyItsTopicsGroupInternalTopicsAndTransactionalIds() {
        List<AclRule> rules = AclSet.enricher(CONFIG);

        assertThat(grants(rules)).hasSameSizeAs(rules).containsExactlyInAnyOrder(
                literal(TOPIC, "in.raw", READ), literal(TOPIC, "in.raw", CREATE),
                literal(TOPIC, "in.ref", READ), literal(TOPIC, "in.ref", CREATE),
                prefixed(TOPIC, "out.theme.", WRITE), prefixed(TOPIC, "out.theme.", CREATE),
                literal(TOPIC, "out.unknown", WRITE), literal(TOPIC, "out.unknown", CREATE),
                literal(TOPIC, "out.dlq", WRITE), literal(TOPIC, "out.dlq", CREATE),
                literal(TOPIC, "out.dlq", DESCRIBE_CONFIGS),
                prefixed(TOPIC, "app-", CREATE), prefixed(TOPIC, "app-", READ), prefixed(TOPIC, "app-", WRITE),
                literal(GROUP, "app", READ),
                prefixed(TRANSACTIONAL_ID, "app-", WRITE));
        assertThat(rules).allSatisfy(rule -> assertThat(rule.why()).isNotBlank());
    }

    @Test
    void atLeastOnceNeedsNoTransactionalIds() {
        List<AclRule> rules = AclSet.enricher(CONFIG.with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.AT_LEAST_ONCE));

        assertThat(grants(rules)).noneMatch(g -> g.type() == TRANSACTIONAL_ID)
                .hasSize(AclSet.enricher(CONFIG).size() - 1);
    }

    @Test
    void rekeyingByArticleIdAddsOnlyThePurgeOfTheRepartitionTopic() {
        Set<Grant> rekeyed = grants(AclSet.enricher(CONFIG.with(EnricherConfig.REKEY_BY_ARTICLE_ID, "true")));

        assertThat(rekeyed).containsAll(grants(AclSet.enricher(CONFIG)))
                .hasSize(grants(AclSet.enricher(CONFIG)).size() + 1)
                .contains(prefixed(TOPIC, "app-", DELETE));
    }

    @Test
    void trendsAddTheirTopicAndThePurgeOfTheirRepartitionTopic() {
        Set<Grant> withTrends = grants(AclSet.enricher(CONFIG.with(EnricherConfig.TRENDS_ENABLED, "true")));

        assertThat(withTrends).containsAll(grants(AclSet.enricher(CONFIG)))
                .contains(literal(TOPIC, "out.trends", WRITE), literal(TOPIC, "out.trends", READ),
                        literal(TOPIC, "out.trends", CREATE), prefixed(TOPIC, "app-", DELETE))
                .hasSize(grants(AclSet.enricher(CONFIG)).size() + 4);
    }

    @Test
    void aCrawlerOnlyWritesTheRawTopic() {
        assertThat(grants(AclSet.crawler(CONFIG))).containsExactly(literal(TOPIC, "in.raw", WRITE));
    }

    @Test
    void aReaderOnlyReadsThemedTopicsInItsOwnGroup() {
        assertThat(grants(AclSet.reader(CONFIG, "team-", PatternType.PREFIXED))).containsExactlyInAnyOrder(
                prefixed(TOPIC, "out.theme.", READ), prefixed(GROUP, "team-", READ));
    }

    @Test
    void theTableHasOneLinePerRuleInTheSetsOrderEachStartingWithThePrincipal() {
        List<AclRule> rules = AclSet.enricher(CONFIG);

        String table = AclSet.render("User:enricher", Role.ENRICHER, CONFIG, rules);

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(rules.size() + 2);
        assertThat(lines.get(0)).startsWith("# ACLs of role enricher for User:enricher (application.id app,");
        assertThat(lines.get(1)).startsWith("principal ").contains("resource", "pattern", "name", "operation", "why");
        assertThat(lines.get(2).split(" +", 6)).containsExactly("User:enricher", "Topic", "Literal", "in.raw", "Read",
                "consume raw articles");
        assertThat(lines.subList(2, lines.size())).allMatch(line -> line.startsWith("User:enricher "));
        assertThat(lines.stream().filter(line -> line.contains(" TransactionalId ")))
                .singleElement().asString().contains(" Prefixed ", " app- ", " Write ");
        assertThat(AclSet.render("User:enricher", Role.ENRICHER, CONFIG, AclSet.enricher(CONFIG))).isEqualTo(table);
    }
}
