package news.enricher.faults;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * One record the simulated crawler sends to the raw topic, with what the enricher must do with it.
 *
 * @param key      record key bytes (null: no key)
 * @param value    record value bytes (null: a tombstone)
 * @param kind     what the generator made, e.g. {@code valid}, {@code recrawl}, {@code bad:truncated}; for the report
 * @param outcome  what must come out
 * @param articleId article id the enriched copies are keyed by (PUBLISH only)
 * @param tag      version tag carried in the article ({@code x_fault_tag}), identifies (id, version) on output
 * @param themes   normalised themes, one copy each (PUBLISH only)
 * @param symbols  expected {@code symbols} array in order, or null when the generator does not know it exactly
 * @param unknownSymbols symbols of {@code symbols} that are not in the reference table (one sighting each)
 * @param reason   expected {@code __streams.errors.exception} class name (DEAD_LETTER only)
 */
public record RawRecord(byte[] key, byte[] value, String kind, Outcome outcome, String articleId, String tag,
                        List<String> themes, List<String> symbols, List<String> unknownSymbols, String reason) {

    public enum Outcome {
        /** One copy on each theme's topic, exactly once. */
        PUBLISH,
        /** Nothing on any output: exact re-crawl, stale version, tombstone. */
        NOTHING,
        /** One record on the dead-letter topic with the original key and bytes and a reason. */
        DEAD_LETTER,
        /** The broker refuses it at produce time (RecordTooLargeException): it never enters Kafka. */
        REFUSED
    }

    public static final String SERIALIZATION = "org.apache.kafka.common.errors.SerializationException";
    public static final String INVALID_ARTICLE = "news.enricher.article.InvalidArticleException";

    static RawRecord publish(String key, byte[] value, String kind, String articleId, String tag, List<String> themes,
                             List<String> symbols, List<String> unknown) {
        return new RawRecord(utf8(key), value, kind, Outcome.PUBLISH, articleId, tag, List.copyOf(themes),
                symbols == null ? null : List.copyOf(symbols), List.copyOf(unknown), null);
    }

    static RawRecord nothing(String key, byte[] value, String kind) {
        return new RawRecord(utf8(key), value, kind, Outcome.NOTHING, null, null, List.of(), null, List.of(), null);
    }

    static RawRecord deadLetter(byte[] key, byte[] value, String kind, String reason) {
        return new RawRecord(key, value, kind, Outcome.DEAD_LETTER, null, null, List.of(), null, List.of(), reason);
    }

    static RawRecord refused(String key, byte[] value, String kind) {
        return new RawRecord(utf8(key), value, kind, Outcome.REFUSED, null, null, List.of(), null, List.of(), null);
    }

    RawRecord withKey(byte[] newKey) {
        return new RawRecord(newKey, value, kind, outcome, articleId, tag, themes, symbols, unknownSymbols, reason);
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** How a dead letter's key is identified: its exact bytes, which need not be UTF-8. */
    public static String keyId(byte[] key) {
        return key == null ? "<null>" : "hex:" + HexFormat.of().formatHex(key);
    }

    public int size() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}
