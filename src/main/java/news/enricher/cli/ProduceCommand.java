package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publishes JSON lines to the raw topic as a crawler would, keyed by slug (or url). Lines are "
                + "sent byte for byte, so invalid ones reach the enricher (and its dead-letter topic) as they are."})
final class ProduceCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "JSON lines; '-' reads standard input.")
    String file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EnricherConfig config = client.config();
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.topicMaxMessageBytes());
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback check = (metadata, e) -> {
            if (e == null) {
                sent.incrementAndGet();
            } else {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer());
             InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
            JsonLines.forEach(in, line -> producer.send(
                    new ProducerRecord<>(config.rawTopic(), articleKey(line), line), check));
            producer.flush();
        }
        if (failure.get() != null) {
            spec.commandLine().getErr().println("Producing to " + config.rawTopic() + " failed: "
                    + failure.get().getMessage());
            return 1;
        }
        spec.commandLine().getOut().printf("Produced %d records to %s%n", sent.get(), config.rawTopic());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The article id (slug, else url) as crawlers key their records; null when the line is not an article. */
    static String articleKey(byte[] line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            for (String field : new String[] {"slug", "url"}) {
                JsonNode id = node == null ? null : node.get(field);
                if (id != null && id.isTextual() && !id.textValue().isBlank()) {
                    return id.textValue();
                }
            }
        } catch (Exception notAnArticle) {
            // Sent unkeyed: the enricher dead-letters it with the reason.
        }
        return null;
    }
}
