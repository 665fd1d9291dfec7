package news.enricher.acl;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.streams.StreamsConfig;

import java.util.ArrayList;
import java.util.List;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

/**
 * The least-privilege ACLs of each role, derived from the configuration (topic names, {@code application.id},
 * processing guarantee, the features that add topics), never from fixed names. A feature that reads or writes a new
 * topic adds its rules here. Read and Write imply Describe in Kafka, so Describe is not listed
 * separately. Idempotent producers need no cluster-level IdempotentWrite since Kafka 3.0 (KIP-679: Write on a topic
 * suffices), and creating a topic needs Create on that topic, not on the cluster.
 */
public final class AclSet {

    private AclSet() {
    }

    /**
     * The rules of one role.
     *
     * @param readerGroup the consumer group of a {@link Role#READER} (its name, or a prefix of its names, per
     *                    {@code readerGroupPattern}); ignored by the other roles
     */
    public static List<AclRule> rules(Role role, EnricherConfig config, String readerGroup,
                                      PatternType readerGroupPattern) {
        return switch (role) {
            case ENRICHER -> enricher(config);
            case CRAWLER -> crawler(config);
            case READER -> reader(config, readerGroup, readerGroupPattern);
        };
    }

    public static List<AclRule> enricher(EnricherConfig config) {
        List<AclRule> rules = new ArrayList<>();
        String raw = config.rawTopic();
        rules.add(AclRule.literal(TOPIC, raw, READ, "consume raw articles"));
        rules.add(AclRule.literal(TOPIC, raw, CREATE, "create the raw topic if missing"));

        String reference = config.referenceTopic();
        rules.add(AclRule.literal(TOPIC, reference, READ, "load the reference table (global store)"));
        rules.add(AclRule.literal(TOPIC, reference, CREATE, "create the reference topic if missing"));

        String themes = config.themeTopicPrefix();
        rules.add(AclRule.prefixed(TOPIC, themes, WRITE, "publish the themed copies"));
        rules.add(AclRule.prefixed(TOPIC, themes, CREATE, "create a theme's topic when the theme first appears"));

        String unknown = config.unknownTickersTopic();
        rules.add(AclRule.literal(TOPIC, unknown, WRITE, "publish unknown-ticker sightings"));
        rules.add(AclRule.literal(TOPIC, unknown, CREATE, "create the unknown-tickers topic if missing"));

        String deadLetters = config.deadLetterTopic();
        rules.add(AclRule.literal(TOPIC, deadLetters, WRITE, "dead-letter bad input"));
        rules.add(AclRule.literal(TOPIC, deadLetters, CREATE, "create the dead-letter topic if missing"));
        rules.add(AclRule.literal(TOPIC, deadLetters, DESCRIBE_CONFIGS,
                "read its max.message.bytes, so dead letters are cut to fit it"));

        if (config.trendsEnabled()) {
            String trends = config.trendsTopic();
            rules.add(AclRule.literal(TOPIC, trends, WRITE, "publish the ticker trends"));
            rules.add(AclRule.literal(TOPIC, trends, READ, "keep every instance's copy of the trends (global table)"));
            rules.add(AclRule.literal(TOPIC, trends, CREATE, "create the trends topic if missing"));
        }

        // Kafka Streams names its internal topics <application.id>-<name>-changelog / -repartition. Repartition
        // topics: by article id when re-keying, by ticker for the trends.
        String internal = internalPrefix(config);
        boolean repartitions = config.rekeyByArticleId() || config.trendsEnabled();
        String kinds = repartitions ? "changelogs and repartition topics" : "changelog";
        rules.add(AclRule.prefixed(TOPIC, internal, CREATE, "create the internal topics (" + kinds + ")"));
        rules.add(AclRule.prefixed(TOPIC, internal, READ, "restore the state stores"
                + (repartitions ? "; consume the repartition topics" : "")));
        rules.add(AclRule.prefixed(TOPIC, internal, WRITE, "write the " + kinds));
        if (repartitions) {
            rules.add(AclRule.prefixed(TOPIC, internal, DELETE, "purge consumed records of the repartition topics"));
        }

        rules.add(AclRule.literal(GROUP, config.applicationId(), READ,
                "join the consumer group (application.id) and commit its offsets"));
        if (exactlyOnce(config)) {
            // Kafka Streams' transactional ids are <application.id>-<process id>-<thread index>.
            rules.add(AclRule.prefixed(TRANSACTIONAL_ID, internal, WRITE, "exactly-once transactions"));
        }
        return List.copyOf(rules);
    }

    public static List<AclRule> crawler(EnricherConfig config) {
        return List.of(AclRule.literal(TOPIC, config.rawTopic(), WRITE, "publish raw articles"));
    }

    public static List<AclRule> reader(EnricherConfig config, String group, PatternType groupPattern) {
        return List.of(
                AclRule.prefixed(TOPIC, config.themeTopicPrefix(), READ, "read the themed topics"),
                new AclRule(GROUP, groupPattern, group, READ, "consume in its own group"));
    }

    public static List<AclBinding> bindings(String principal, List<AclRule> rules) {
        return rules.stream().map(rule -> rule.binding(principal)).toList();
    }

    /**
     * The set as a table: one line per rule in a fixed order, for reading, reviewing and diffing. Every line but
     * the header starts with the principal, so that the output can be grepped per principal.
     */
    public static String render(String principal, Role role, EnricherConfig config, List<AclRule> rules) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"principal", "resource", "pattern", "name", "operation", "why"});
        for (AclRule rule : rules) {
            rows.add(new String[] {principal, AclRule.display(rule.resourceType()),
                    AclRule.display(rule.patternType()), rule.name(), AclRule.display(rule.operation()), rule.why()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# ACLs of role ").append(role).append(" for ").append(principal)
                .append(" (application.id ").append(config.applicationId()).append(", ")
                .append(config.processingGuarantee()).append("); host ").append(AclRule.ANY_HOST)
                .append(", permission Allow\n");
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String internalPrefix(EnricherConfig config) {
        return config.applicationId() + "-";
    }

    static boolean exactlyOnce(EnricherConfig config) {
        return !StreamsConfig.AT_LEAST_ONCE.equals(config.processingGuarantee());
    }
}
