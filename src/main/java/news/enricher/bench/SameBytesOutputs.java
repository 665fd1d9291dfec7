package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the same-bytes baselines write for one input record: its {@link OutputPlan}'s outputs, each with its topic,
 * a key and a value of the planned sizes. The plain same-bytes pipe ({@link BaselinePipe}) sends them with a
 * producer, {@link SameBytesTopology} through Kafka Streams; both take them from here, so the two write alike.
 */
final class SameBytesOutputs {

    /** One record to write; a dead letter's key and value are the input's own (the key may be null). */
    record Out(OutputPlan.Kind kind, String topic, byte[] key, byte[] value) {
    }

    private final EnricherConfig config;
    private final String changelogTopic;
    private final Map<String, String> themeTopics = new ConcurrentHashMap<>();

    SameBytesOutputs(EnricherConfig config) {
        this.config = config;
        this.changelogTopic = OutputPlan.changelogTopic(config);
    }

    /**
     * The outputs of a record whose {@link OutputPlan#HEADER} header says what to write, in the plan's order.
     *
     * @param source where the record came from, for the message when it carries no plan
     */
    List<Out> of(byte[] key, byte[] value, Headers headers, Supplier<String> source) {
        Header header = headers.lastHeader(OutputPlan.HEADER);
        if (header == null) {
            throw new IllegalStateException("Record " + source.get() + " has no " + OutputPlan.HEADER
                    + " header: the same-bytes baseline cannot know what to write");
        }
        OutputPlan plan = OutputPlan.parse(new String(header.value(), StandardCharsets.UTF_8));
        byte[] k = key == null ? new byte[0] : key;
        byte[] v = value == null ? new byte[0] : value;
        List<OutputPlan.Output> planned = plan.outputs();
        List<Out> outs = new ArrayList<>(planned.size());
        for (int i = 0; i < planned.size(); i++) {
            OutputPlan.Output o = planned.get(i);
            outs.add(switch (o.kind()) {
                case DEAD_LETTER -> new Out(o.kind(), config.deadLetterTopic(), key, value);
                case THEMED -> new Out(o.kind(), themeTopics.computeIfAbsent(o.theme(), config::themeTopic),
                        key(k, v, o.keyBytes(), i), fill(v, 0, o.valueBytes()));
                case SIGHTING -> new Out(o.kind(), config.unknownTickersTopic(), key(k, v, o.keyBytes(), i),
                        fill(v, 0, o.valueBytes()));
                case CHANGELOG -> new Out(o.kind(), changelogTopic, key(k, v, o.keyBytes(), i),
                        fill(v, 0, o.valueBytes()));
            });
        }
        return outs;
    }

    /**
     * A key of the planned size. Copies and the changelog are keyed by the article id, which is the input's key
     * when the crawler keyed by it: then the input's key, so they land on the partitions the enricher's do. Other
     * keys (a sighting's symbol) come from the middle of the value, a different window per output, so that they
     * spread over partitions as symbols do instead of all hashing alike.
     */
    static byte[] key(byte[] inputKey, byte[] inputValue, int length, int output) {
        if (length == inputKey.length) {
            return inputKey;
        }
        return fill(inputValue, inputValue.length / 2 + 61 * output, length);
    }

    /**
     * {@code length} bytes of {@code source} from {@code from}, wrapping around: the input's own bytes, so that the
     * bulk of a copy (the input's text) compresses as the enricher's does. What goes past the input's length repeats
     * it, which compresses better than the enricher's ticker objects there: the limit errs on the fast side.
     */
    static byte[] fill(byte[] source, int from, int length) {
        byte[] out = new byte[length];
        if (source.length == 0 || length == 0) {
            return out;
        }
        int at = Math.floorMod(from, source.length);
        int written = 0;
        while (written < length) {
            int n = Math.min(length - written, source.length - at);
            System.arraycopy(source, at, out, written, n);
            written += n;
            at = 0;
        }
        return out;
    }
}
