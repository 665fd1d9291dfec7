package news.enricher.service;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.json.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Ends, at start-up, the transactions that a killed earlier run of this instance left open.
 *
 * <p>Under exactly-once each stream thread's producer has the transactional id {@code
 * <application.id>-<process id>-<thread index>}, and Kafka Streams keeps the process id in the state directory, so
 * an instance restarted on its directory has the ids of the run that was killed. That run's last transaction holds
 * back every partition it wrote to for {@code read_committed} readers, and the raw partitions' offsets in it, so
 * whichever instance takes those tasks over cannot start them. Left alone it ends only when the broker aborts it on
 * timeout ({@code transaction.timeout.ms}, 10 s under exactly-once, then up to the broker's abort-check interval,
 * 10 s by default), since Kafka Streams registers the ids again only once this instance is given active tasks, which
 * can be several rebalances later. Registering them here aborts it at once.
 */
final class AbandonedTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedTransactions.class);
    /** Where Kafka Streams keeps the process id, in the application's state directory. */
    static final String PROCESS_FILE = "kafka-streams-process-metadata";
    /** Ending them is worth a short wait, not a start-up stuck on an unreachable coordinator. */
    static final Duration MAX_WAIT = Duration.ofSeconds(15);

    private final StreamsConfig streams;
    private final Path appDir;

    AbandonedTransactions(StreamsConfig streams) {
        this.streams = streams;
        this.appDir = GlobalStateGuard.applicationDirectory(streams);
    }

    /** The transactional ids the last run on this state directory used; none without exactly-once or a process id. */
    List<String> transactionalIds() {
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            return List.of();
        }
        Optional<UUID> processId = processId(appDir.resolve(PROCESS_FILE));
        if (processId.isEmpty()) {
            return List.of();
        }
        String prefix = streams.getString(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + processId.get() + "-";
        List<String> ids = new ArrayList<>();
        for (int thread = 1; thread <= streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG); thread++) {
            ids.add(prefix + thread);
        }
        return ids;
    }

    /**
     * Registers each id with its transaction coordinator, which aborts the transaction an earlier producer with that
     * id left open. Only for a state directory no running client holds: the caller knows the last run on it crashed.
     * A failure here is not fatal: Kafka Streams registers the same ids later, and reports what it cannot do then.
     */
    void abort() {
        List<String> ids = transactionalIds();
        if (ids.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        Map<String, Object> producer = streams.getProducerConfigs(
                streams.getString(StreamsConfig.APPLICATION_ID_CONFIG) + "-abandoned-transactions");
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_WAIT.toMillis());
        for (String id : ids) {
            producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            try (KafkaProducer<byte[], byte[]> fence = new KafkaProducer<>(producer, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                fence.initTransactions();
            } catch (RuntimeException e) {
                LOG.warn("Could not end the last run's transaction {} (it ends on its timeout instead): {}", id,
                        Failures.describe(e));
                return;
            }
        }
        LOG.info("Ended the transactions the last run left open ({}) in {} ms", String.join(", ", ids),
                (System.nanoTime() - start) / 1_000_000);
    }

    static Optional<UUID> processId(Path file) {
        try {
            JsonNode id = Json.MAPPER.readTree(Files.readAllBytes(file)).path("processId");
            return id.isTextual() ? Optional.of(UUID.fromString(id.asText())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cannot read the process id in {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
