package news.enricher.bench;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Writes the generated articles to the raw topic before any leg starts, each with its {@link OutputPlan} (and the
 * themes the raw pipe copies it to) in headers, and adds up what every leg must publish.
 */
final class Preload {

    /**
     * @param bytes        key and value bytes of the raw records (what every leg reads)
     * @param themedCopies enriched copies the enricher publishes (and the pipes copy)
     * @param changelog    records of the enricher's de-duplication changelog (one per published article)
     * @param copyBytes    key and value bytes of the themed copies and dead letters as the raw pipe writes them
     * @param planBytes    key and value bytes of every output as the enricher (and the same-bytes pipe) writes them
     */
    record Totals(long records, long bytes, long themedCopies, long deadLetters, long sightings, long changelog,
                  long copyBytes, long planBytes, Map<ArticleGenerator.Kind, Long> kinds, double seconds) {
    }

    private Preload() {
    }

    /**
     * What each record must give comes from {@code planner} (the real topology), not from the generator's own
     * expectation, so that {@code enricher.*} settings that change routing reach the pipes as well.
     */
    static Totals run(Map<String, Object> client, String topic, ArticleGenerator generator, int articles,
                      OutputPlan.Planner planner, IntConsumer progress) {
        return run(client, topic, generator, articles, planner, progress, value -> { });
    }

    /** @param eachValue sees every generated value as it is sent (the trends' key count reads them) */
    static Totals run(Map<String, Object> client, String topic, ArticleGenerator generator, int articles,
                      OutputPlan.Planner planner, IntConsumer progress, Consumer<byte[]> eachValue) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64 * 1024 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-preload");
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback check = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        long bytes = 0;
        long copies = 0;
        long deadLetters = 0;
        long sightings = 0;
        long changelog = 0;
        long copyBytes = 0;
        long planBytes = 0;
        Map<ArticleGenerator.Kind, Long> kinds = new EnumMap<>(ArticleGenerator.Kind.class);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < articles; i++) {
                ArticleGenerator.Generated g = generator.next();
                OutputPlan plan = planner.plan(g.key(), g.value());
                eachValue.accept(g.value());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, g.key(), g.value());
                record.headers().add(ArticleGenerator.ROUTES_HEADER, plan.routes().getBytes(StandardCharsets.UTF_8));
                record.headers().add(OutputPlan.HEADER, plan.header().getBytes(StandardCharsets.UTF_8));
                producer.send(record, check);
                int keyBytes = g.key().getBytes(StandardCharsets.UTF_8).length;
                long size = keyBytes + g.value().length;
                int copied = plan.count(OutputPlan.Kind.THEMED);
                int deadLettered = plan.count(OutputPlan.Kind.DEAD_LETTER);
                bytes += size;
                copies += copied;
                copyBytes += size * (copied + deadLettered);
                planBytes += plan.bytes(keyBytes, g.value().length);
                deadLetters += deadLettered;
                sightings += plan.count(OutputPlan.Kind.SIGHTING);
                changelog += plan.count(OutputPlan.Kind.CHANGELOG);
                kinds.merge(g.kind(), 1L, Long::sum);
                if (failure.get() != null) {
                    break;
                }
                if ((i + 1) % 20_000 == 0) {
                    progress.accept(i + 1);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Preloading " + topic + " failed: " + failure.get().getMessage(),
                    failure.get());
        }
        return new Totals(articles, bytes, copies, deadLetters, sightings, changelog, copyBytes, planBytes, kinds,
                (System.nanoTime() - started) / 1e9);
    }
}
