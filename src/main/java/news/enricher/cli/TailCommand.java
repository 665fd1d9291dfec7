package news.enricher.cli;

import news.enricher.config.EnricherConfig;
import news.enricher.offline.OutputRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Prints enriched events as they arrive (read_committed), one JSON line each: "
                + "{\"topic\",\"key\",\"value\",\"headers\"}. Stops on Ctrl-C, or after --max records / --timeout."})
final class TailCommand implements Callable<Integer> {

    /** Every tail reads in a group of its own under this prefix, which is what a reader's ACL grants. */
    static final String GROUP_PREFIX = "news-enricher-tail-";

    @Mixin
    ClientOptions client;

    @ArgGroup(exclusive = true)
    Selection selection = new Selection();

    static final class Selection {
        @Option(names = "--theme", paramLabel = "THEME", description = "A theme to follow (repeatable).")
        List<String> themes;

        @Option(names = "--all", description = "Every themed topic, the unknown-tickers and dead-letter topics (default).")
        boolean all;
    }

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of new ones only.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Exit after N records.")
    Long max;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Exit after this long, e.g. PT30S.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EnricherConfig config = client.config();
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        // A throw-away group: tail never commits, so it cannot disturb other consumers' positions.
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_PREFIX + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        Pattern topics = topicPattern(config);
        ShutdownSignals signals = ShutdownSignals.install();
        Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (signals.requested().getCount() > 0 && Instant.now().isBefore(deadline)
                    && (max == null || printed < max)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    RecordPrinter.print(out, toOutput(r), r.topic().equals(config.deadLetterTopic()));
                    if (max != null && ++printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    Pattern topicPattern(EnricherConfig config) {
        if (selection.themes != null && !selection.themes.isEmpty()) {
            return Pattern.compile(selection.themes.stream().map(t -> Pattern.quote(config.themeTopic(t)))
                    .collect(Collectors.joining("|")));
        }
        return Pattern.compile(Pattern.quote(config.themeTopicPrefix()) + ".*|"
                + Pattern.quote(config.unknownTickersTopic()) + "|" + Pattern.quote(config.deadLetterTopic()));
    }

    private static OutputRecord toOutput(ConsumerRecord<String, byte[]> r) {
        return new OutputRecord(r.topic(), r.key(), r.value(), OutputRecord.textHeaders(r.headers()));
    }
}
