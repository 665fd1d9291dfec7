package news.enricher.faults;

import java.util.List;

/**
 * One record read (read_committed) from an output topic, reduced to what reconciliation needs.
 *
 * @param kind      {@link Kind} of output topic
 * @param key       themed/unknown: the key as text; dead letter: {@link RawRecord#keyId(byte[])}
 * @param ident     themed: {@code x_fault_tag}; dead letter: SHA-256 of the value; unknown: the article id
 * @param timestamp the broker's append time (LogAppendTime on the fault broker)
 * @param theme     themed: the value's {@code theme} field
 * @param symbols   themed: the value's {@code symbols} array
 * @param reason    dead letter: {@code __streams.errors.exception}; null when absent
 * @param problem   what is wrong with the record itself (unparseable, theme not its topic's, failed content check)
 */
public record Observed(Kind kind, String topic, int partition, long offset, String key, String ident, long timestamp,
                       String theme, List<String> symbols, String reason, String problem) {

    public enum Kind { THEMED, DEAD_LETTER, UNKNOWN_TICKER }

    public String position() {
        return topic + "/" + partition + "@" + offset;
    }
}
