package news.enricher.faults;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Progress as a downstream reader and the group see it while a run goes on, in wall-clock time: when a
 * read_committed consumer of every output topic received records, and when the application's committed offset of
 * each raw partition moved. Under exactly-once a raw partition's offset commits in the same transaction as its
 * outputs, so the partition standing still is its task's output standing still; the reader's gaps include what
 * append times cannot show, such as a dead instance's open transaction holding back everything after it.
 */
final class LiveProgress implements AutoCloseable {

    static final long SAMPLE_MS = 250;

    private final EnricherConfig config;
    private final List<Long> received = new ArrayList<>();
    private final Map<Integer, List<Long>> advanced = new TreeMap<>();
    private final Thread reader;
    private final Thread offsets;
    private volatile boolean running = true;
    private volatile long answered;
    private volatile long failed;

    LiveProgress(EnricherConfig config) {
        this.config = config;
        this.reader = new Thread(this::read, "faults-live-reader");
        this.offsets = new Thread(this::sampleOffsets, "faults-live-offsets");
        reader.setDaemon(true);
        offsets.setDaemon(true);
        reader.start();
        offsets.start();
    }

    private void read() {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "faults-live-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 10 * 1024 * 1024);
        // Themed topics appear as their themes do: look for new ones every second.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        Pattern outputs = Pattern.compile(Pattern.quote(config.themeTopicPrefix()) + ".*|"
                + Pattern.quote(config.deadLetterTopic()) + "|" + Pattern.quote(config.unknownTickersTopic()));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(outputs);
            while (running) {
                if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                    synchronized (received) {
                        received.add(System.currentTimeMillis());
                    }
                }
            }
        }
    }

    private void sampleOffsets() {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        Map<Integer, Long> last = new HashMap<>();
        try (Admin admin = Admin.create(props)) {
            while (running) {
                try {
                    // Committed offsets only: a transaction's offsets count once it commits.
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                    Map.of(config.applicationId(), new ListConsumerGroupOffsetsSpec()))
                            .partitionsToOffsetAndMetadata(config.applicationId()).get(5, TimeUnit.SECONDS);
                    long now = System.currentTimeMillis();
                    answered++;
                    committed.forEach((tp, offset) -> {
                        if (offset != null && tp.topic().equals(config.rawTopic())
                                && !Long.valueOf(offset.offset()).equals(last.put(tp.partition(), offset.offset()))) {
                            synchronized (advanced) {
                                advanced.computeIfAbsent(tp.partition(), p -> new ArrayList<>()).add(now);
                            }
                        }
                    });
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // A sample the broker could not answer in time: the next one counts.
                    failed++;
                }
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** A time nothing moved: from the last progress before it to the first after it; partition -1 for all output. */
    record Gap(int partition, long from, long to) {

        long millis() {
            return to - from;
        }
    }

    /** The longest time the reader received nothing, among the gaps that ended in (from, to]. */
    Gap longestOutputGap(long from, long to) {
        synchronized (received) {
            return longestGap(-1, toArray(received), from, to);
        }
    }

    /**
     * The longest time one raw partition's committed offset stood still, among the gaps that ended in (from, to]:
     * the stall of the task that owned it (the crawler keeps every partition fed).
     */
    Gap longestPartitionGap(long from, long to) {
        Gap longest = new Gap(-1, from, from);
        synchronized (advanced) {
            for (Map.Entry<Integer, List<Long>> e : advanced.entrySet()) {
                Gap g = longestGap(e.getKey(), toArray(e.getValue()), from, to);
                if (g.millis() > longest.millis()) {
                    longest = g;
                }
            }
        }
        return longest;
    }

    /** Offset samples answered and failed so far. */
    String samples() {
        return answered + " offset samples answered, " + failed + " failed";
    }

    private static Gap longestGap(int partition, long[] times, long from, long to) {
        Gap longest = new Gap(partition, from, from);
        long millis = Timeline.longestStall(times, from, to);
        for (int i = 1; i < times.length; i++) {
            if (times[i] > from && times[i] <= to && times[i] - times[i - 1] == millis) {
                return new Gap(partition, times[i - 1], times[i]);
            }
        }
        return longest;
    }

    private static long[] toArray(List<Long> times) {
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        offsets.interrupt();
        reader.join(10_000);
        offsets.join(10_000);
    }
}
