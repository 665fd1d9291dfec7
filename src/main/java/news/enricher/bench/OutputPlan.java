package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.reference.TickerRow;
import news.enricher.topology.EnricherTopology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What the enricher writes for one input record, as sizes: one entry per output record, in the order the topology
 * writes them. It travels on the preloaded raw record as the {@link #HEADER} header, so that the same-bytes pipe can
 * write the same number of records, with the same key and value sizes, to the same kind of topics, without parsing
 * the article:
 *
 * <pre>
 *   t:&lt;theme&gt;:&lt;key bytes&gt;:&lt;value bytes&gt;   an enriched copy on the theme's topic
 *   u:&lt;key bytes&gt;:&lt;value bytes&gt;           an unknown-ticker sighting
 *   c:&lt;key bytes&gt;:&lt;value bytes&gt;           the de-duplication store's changelog record
 *   d                                 the input, dead-lettered as it is
 * </pre>
 *
 * comma-separated, empty when nothing is written (a re-crawl). Themes are topic-name characters, never {@code :} or
 * {@code ,}. Where the sizes come from is {@link Planner}'s business; {@link #offline} asks the real topology.
 */
final class OutputPlan {

    static final String HEADER = "bench.outputs";

    enum Kind {
        THEMED('t'), SIGHTING('u'), CHANGELOG('c'), DEAD_LETTER('d');

        final char code;

        Kind(char code) {
            this.code = code;
        }

        static Kind of(char code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown output kind '" + code + "'");
        }
    }

    /** One output record; a dead letter's sizes are its input's, so the plan does not carry them (-1). */
    record Output(Kind kind, String theme, int keyBytes, int valueBytes) {

        static Output themed(String theme, int keyBytes, int valueBytes) {
            return new Output(Kind.THEMED, theme, keyBytes, valueBytes);
        }

        static Output sighting(int keyBytes, int valueBytes) {
            return new Output(Kind.SIGHTING, null, keyBytes, valueBytes);
        }

        static Output changelog(int keyBytes, int valueBytes) {
            return new Output(Kind.CHANGELOG, null, keyBytes, valueBytes);
        }

        static Output deadLetter() {
            return new Output(Kind.DEAD_LETTER, null, -1, -1);
        }
    }

    /** Where plans come from; one instance per preload, fed every record in the order it is sent. */
    interface Planner extends AutoCloseable {
        OutputPlan plan(String key, byte[] value);

        @Override
        void close();
    }

    private final List<Output> outputs;

    OutputPlan(List<Output> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    List<Output> outputs() {
        return outputs;
    }

    int count(Kind kind) {
        int n = 0;
        for (Output o : outputs) {
            n += o.kind() == kind ? 1 : 0;
        }
        return n;
    }

    /** The raw pipe's {@link ArticleGenerator#ROUTES_HEADER}: the themes in order, or the dead-letter route. */
    String routes() {
        List<String> themes = new ArrayList<>();
        for (Output o : outputs) {
            if (o.kind() == Kind.DEAD_LETTER) {
                return ArticleGenerator.DEAD_LETTER;
            }
            if (o.kind() == Kind.THEMED) {
                themes.add(o.theme());
            }
        }
        return String.join(",", themes);
    }

    /** Key and value bytes of every planned output, dead letters counted at the input's size. */
    long bytes(int inputKeyBytes, int inputValueBytes) {
        long sum = 0;
        for (Output o : outputs) {
            sum += o.kind() == Kind.DEAD_LETTER ? inputKeyBytes + inputValueBytes : o.keyBytes() + o.valueBytes();
        }
        return sum;
    }

    String header() {
        StringBuilder s = new StringBuilder();
        for (Output o : outputs) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(o.kind().code);
            if (o.kind() == Kind.THEMED) {
                s.append(':').append(o.theme());
            }
            if (o.kind() != Kind.DEAD_LETTER) {
                s.append(':').append(o.keyBytes()).append(':').append(o.valueBytes());
            }
        }
        return s.toString();
    }

    static OutputPlan parse(String header) {
        List<Output> outputs = new ArrayList<>();
        if (header.isEmpty()) {
            return new OutputPlan(outputs);
        }
        for (String entry : header.split(",", -1)) {
            String[] parts = entry.split(":", -1);
            Kind kind = Kind.of(parts[0].length() == 1 ? parts[0].charAt(0) : '?');
            int expected = kind == Kind.THEMED ? 4 : kind == Kind.DEAD_LETTER ? 1 : 3;
            if (parts.length != expected) {
                throw new IllegalArgumentException("Malformed " + HEADER + " entry '" + entry + "'");
            }
            int n = parts.length;
            outputs.add(switch (kind) {
                case THEMED -> Output.themed(parts[1], size(parts[n - 2]), size(parts[n - 1]));
                case SIGHTING -> Output.sighting(size(parts[n - 2]), size(parts[n - 1]));
                case CHANGELOG -> Output.changelog(size(parts[n - 2]), size(parts[n - 1]));
                case DEAD_LETTER -> Output.deadLetter();
            });
        }
        return new OutputPlan(outputs);
    }

    private static int size(String text) {
        int n = Integer.parseInt(text);
        if (n < 0) {
            throw new IllegalArgumentException("Negative size " + n + " in " + HEADER);
        }
        return n;
    }

    /**
     * Plans by running every record through the production topology offline ({@link OfflineEnricher}, the same
     * settings as the legs). Re-crawls and corrections are decided against the records before them, so the records
     * must come in the order the raw topic gets them. Values carrying a time ({@code enriched_at}, {@code seen_at})
     * or the input's position (the changelog's source partition and offset) can differ from the live run's by a few
     * bytes: the offline clock and offsets are not the broker's.
     */
    static Planner offline(EnricherConfig config, List<TickerRow> tickers) {
        // The same-bytes pipe stands for the enrichment; the trends legs are measured against the enricher instead.
        OfflineEnricher offline = new OfflineEnricher(config.with(EnricherConfig.TRENDS_ENABLED, "false"), tickers,
                Clock.systemUTC()).includeInternalTopics();
        EnricherConfig used = offline.config();
        String changelog = changelogTopic(used);
        return new Planner() {
            @Override
            public OutputPlan plan(String key, byte[] value) {
                List<Output> outputs = new ArrayList<>();
                for (OutputRecord r : offline.enrich(key, value)) {
                    String topic = r.topic();
                    if (topic.equals(used.deadLetterTopic())) {
                        outputs.add(Output.deadLetter());
                    } else if (topic.equals(used.unknownTickersTopic())) {
                        outputs.add(Output.sighting(utf8Length(r.key()), length(r.value())));
                    } else if (topic.equals(changelog)) {
                        outputs.add(Output.changelog(utf8Length(r.key()), length(r.value())));
                    } else if (topic.startsWith(used.themeTopicPrefix())) {
                        outputs.add(Output.themed(topic.substring(used.themeTopicPrefix().length()),
                                utf8Length(r.key()), length(r.value())));
                    } else {
                        throw new IllegalStateException("The topology wrote to " + topic
                                + ", which the same-bytes pipe has no counterpart for");
                    }
                }
                return new OutputPlan(outputs);
            }

            @Override
            public void close() {
                offline.close();
            }
        };
    }

    /**
     * The de-duplication store's changelog as Kafka Streams names it for this application id; the same-bytes pipe
     * writes its changelog records to a topic of that name too, so both are found, counted and deleted alike.
     */
    static String changelogTopic(EnricherConfig config) {
        return config.applicationId() + "-" + EnricherTopology.VERSIONS_STORE + "-changelog";
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
