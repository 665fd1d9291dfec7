package news.enricher.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Produce → consumer-visible latency through a running enricher: a producer sends articles at a fixed rate, a
 * read_committed consumer of the themed topics notes when each copy becomes visible. Latency is measured from the
 * time a record was <em>due</em> to be sent, so a stalled sender counts against the result (no coordinated omission).
 * Producer, consumer and clock are in this JVM; {@link System#nanoTime()} is the clock.
 */
final class LatencyProbe implements AutoCloseable {

    static final String SENT_HEADER = "bench.sent-nanos";
    static final String PHASE_HEADER = "bench.phase";

    /** Stages of the latency, from the {@code enriched_at} each copy carries and a read_uncommitted consumer. */
    static final String STAGE_PROCESSED = "due -> processed";
    static final String STAGE_WRITTEN = "processed -> in the log";
    static final String STAGE_COMMITTED = "processed -> committed visible";
    static final List<String> STAGES = List.of(STAGE_PROCESSED, STAGE_WRITTEN, STAGE_COMMITTED);

    /**
     * One fixed-rate phase and what it measured.
     *
     * @param stages where the time goes, by {@link #STAGES}: until the enricher processed the article (the crawler's
     *               send, the enricher's fetch and poll, its queue and processing); from processing until the copy is
     *               in the log (read_uncommitted: the enricher's producer and the consumer's fetch); from processing
     *               until it is visible read_committed (the same plus waiting for the commit and its markers)
     */
    record Phase(String name, double ratePerSecond, int sent, long expectedCopies, long seenCopies,
                 double achievedRate, LatencyRecorder.Summary latency, Map<String, LatencyRecorder.Summary> stages) {
    }

    private final Map<String, Object> client;
    private final String rawTopic;
    private final List<String> themedTopics;
    private final ArticleGenerator generator;
    private final List<LatencyRecorder> recorders = new ArrayList<>();
    private final List<Map<String, LatencyRecorder>> stageRecorders = new ArrayList<>();
    /** Epoch nanoseconds minus {@link System#nanoTime()}: turns this JVM's clock into the enricher's wall clock. */
    private final long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private final AtomicLongArray seen = new AtomicLongArray(16);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final BlockingQueue<ArticleGenerator.Generated> ahead = new ArrayBlockingQueue<>(2048);
    private volatile boolean running = true;
    private Thread consumerThread;
    private Thread uncommittedThread;
    private Thread generatorThread;

    LatencyProbe(Map<String, Object> client, String rawTopic, List<String> themedTopics, ArticleGenerator generator) {
        this.client = client;
        this.rawTopic = rawTopic;
        this.themedTopics = themedTopics;
        this.generator = generator;
    }

    /** Starts the generator (ahead of the sender, so generating never delays a send) and the consumer. */
    LatencyProbe start(BenchCluster cluster) {
        generatorThread = new Thread(() -> {
            try {
                while (running) {
                    ahead.put(generator.next());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-latency-generator");
        generatorThread.setDaemon(true);
        generatorThread.start();

        List<TopicPartition> partitions = cluster.partitions(themedTopics);
        consumerThread = consume(partitions, "read_committed", (p, now, sentNanos, enrichedAtNanos) -> {
            recorder(p).record(now - sentNanos);
            if (enrichedAtNanos > 0) {
                stage(p, STAGE_PROCESSED).record(enrichedAtNanos - sentNanos - epochOffsetNanos);
                stage(p, STAGE_COMMITTED).record(now + epochOffsetNanos - enrichedAtNanos);
            }
            seen.incrementAndGet(p);
        });
        uncommittedThread = consume(partitions, "read_uncommitted", (p, now, sentNanos, enrichedAtNanos) -> {
            if (enrichedAtNanos > 0) {
                stage(p, STAGE_WRITTEN).record(now + epochOffsetNanos - enrichedAtNanos);
            }
        });
        return this;
    }

    private interface Sighting {
        void copy(int phase, long nowNanos, long sentNanos, long enrichedAtEpochNanos);
    }

    private Thread consume(List<TopicPartition> partitions, String isolation, Sighting sighting) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-latency-consumer-" + isolation);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        Header sent = r.headers().lastHeader(SENT_HEADER);
                        Header phase = r.headers().lastHeader(PHASE_HEADER);
                        if (sent == null || phase == null) {
                            continue;
                        }
                        sighting.copy(phase.value()[0], now, ByteBuffer.wrap(sent.value()).getLong(),
                                enrichedAtEpochNanos(r.value()));
                    }
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-latency-consumer-" + isolation);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static final byte[] ENRICHED_AT = "\"enriched_at\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The copy's {@code enriched_at} in epoch nanoseconds (millisecond precision), or -1; it is near the end. */
    static long enrichedAtEpochNanos(byte[] value) {
        if (value == null) {
            return -1;
        }
        outer:
        for (int i = value.length - ENRICHED_AT.length; i >= 0; i--) {
            for (int k = 0; k < ENRICHED_AT.length; k++) {
                if (value[i + k] != ENRICHED_AT[k]) {
                    continue outer;
                }
            }
            int start = i + ENRICHED_AT.length;
            int end = start;
            while (end < value.length && value[end] != '"') {
                end++;
            }
            try {
                Instant at = Instant.parse(new String(value, start, end - start, StandardCharsets.US_ASCII));
                return at.getEpochSecond() * 1_000_000_000L + at.getNano();
            } catch (java.time.format.DateTimeParseException e) {
                return -1;
            }
        }
        return -1;
    }

    private synchronized LatencyRecorder stage(int phase, String stage) {
        while (stageRecorders.size() <= phase) {
            Map<String, LatencyRecorder> byStage = new LinkedHashMap<>();
            STAGES.forEach(name -> byStage.put(name, new LatencyRecorder()));
            stageRecorders.add(byStage);
        }
        return stageRecorders.get(phase).get(stage);
    }

    private synchronized LatencyRecorder recorder(int phase) {
        while (recorders.size() <= phase) {
            recorders.add(new LatencyRecorder());
        }
        return recorders.get(phase);
    }

    /** Sends at {@code ratePerSecond} for {@code duration}, then waits (up to {@code drain}) for every copy. */
    Phase run(int phase, String name, double ratePerSecond, Duration duration, Duration drain) {
        recorder(phase);
        Map<String, Object> props = new HashMap<>(client);
        // A crawler that sends each article as it is ready: no batching delay, the durable acknowledgement.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-latency-producer-" + phase);
        long periodNanos = (long) (1e9 / ratePerSecond);
        int count = (int) Math.max(1, Math.round(ratePerSecond * duration.toNanos() / 1e9));
        long expected = 0;
        long started;
        long finished;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(rawTopic); // metadata before the clock starts
            started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                ArticleGenerator.Generated g = ahead.take();
                long due = started + i * periodNanos;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(rawTopic, g.key(), g.value());
                record.headers().add(SENT_HEADER, ByteBuffer.allocate(8).putLong(due).array());
                record.headers().add(PHASE_HEADER, new byte[] {(byte) phase});
                record.headers().add(ArticleGenerator.ROUTES_HEADER, g.routes().getBytes(StandardCharsets.UTF_8));
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                expected += g.copies();
            }
            finished = System.nanoTime();
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (seen.get(phase) < expected && System.nanoTime() < deadline && failure.get() == null) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Latency probe failed: " + failure.get().getMessage(), failure.get());
        }
        double achieved = count / Math.max(1e-9, (finished - started) / 1e9);
        Map<String, LatencyRecorder.Summary> stages = new LinkedHashMap<>();
        STAGES.forEach(stage -> stages.put(stage, stage(phase, stage).summary()));
        return new Phase(name, ratePerSecond, count, expected, seen.get(phase), achieved,
                recorder(phase).summary(), stages);
    }

    @Override
    public void close() {
        running = false;
        if (generatorThread != null) {
            generatorThread.interrupt();
        }
        for (Thread thread : new Thread[] {consumerThread, uncommittedThread}) {
            if (thread != null) {
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
