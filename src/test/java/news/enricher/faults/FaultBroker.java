package news.enricher.faults;

import news.enricher.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * The embedded KRaft broker configured like the product expects a production cluster to be: no auto-created topics,
 * a message size limit matching the product's (themed/raw topics 8 MiB, dead letters 9 MiB, producer max.request.size
 * 9 MiB), and LogAppendTime, so every record carries the broker's clock and the timeline of a run (latency, stalls,
 * time to recover) can be read from the records themselves.
 *
 * <p>As a JUnit extension, one broker per test class: {@code @RegisterExtension static final FaultBroker BROKER =
 * new FaultBroker();}, then {@link #broker()}.
 */
public final class FaultBroker implements BeforeAllCallback, AfterAllCallback {

    /** The product's dead-letter topic limit: max message bytes + 1 MiB of headroom for the reason headers. */
    public static final int MESSAGE_MAX_BYTES = 9 * 1024 * 1024;

    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = start(null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("The broker starts before the first test of the class");
        }
        return broker;
    }

    public static EmbeddedKafkaBroker start(Path dataDir) {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                .brokerProperty("auto.create.topics.enable", "false")
                .brokerProperty("message.max.bytes", String.valueOf(MESSAGE_MAX_BYTES))
                .brokerProperty("log.message.timestamp.type", "LogAppendTime")
                // Fewer internal partitions: a single-node test broker starts and recovers faster.
                .brokerProperty("offsets.topic.num.partitions", "6")
                .brokerProperty("transaction.state.log.num.partitions", "6");
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return builder.build().start();
    }
}
