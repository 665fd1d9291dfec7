package news.enricher.offline;

import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One record the topology wrote, as the offline command (and the CLI tools) report it. */
public record OutputRecord(String topic, String key, byte[] value, Map<String, String> headers) {

    /** Header values as UTF-8 text; a repeated key keeps its last value. */
    public static Map<String, String> textHeaders(Iterable<Header> headers) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Header h : headers) {
            text.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return text;
    }
}
