package news.enricher.reference;

import news.enricher.json.JsonBytes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference table in memory, each row already rendered as the JSON the enriched copies embed, so a lookup is
 * one hash-map read: no store access, no decoding, no key validation. The global store's processor keeps it current
 * (one writer); stream threads read it. Each row is replaced whole, so a lookup sees one version of a row.
 */
public final class ReferenceIndex {

    private final Map<String, byte[]> rows = new ConcurrentHashMap<>();

    /** Stores {@code row} under its reference key ({@link ReferenceKeys}). */
    public void put(String key, TickerRow row) {
        rows.put(key, render(row));
    }

    public void remove(String key) {
        rows.remove(key);
    }

    public int size() {
        return rows.size();
    }

    /**
     * The row of an extracted symbol, rendered as {@code "name":…,"exchange":…,"sector":…,"industry":…,"country":…}
     * (empty values as {@code null}), or null when the table has no such row.
     *
     * @param crypto whether the symbol came from a {@code /crypto/} link (crypto rows are keyed apart)
     * @param symbol the canonical symbol, as the extractor gives it
     */
    public byte[] rendered(boolean crypto, String symbol) {
        return rows.get(crypto ? ReferenceKeys.CRYPTO_PREFIX + symbol : symbol);
    }

    static byte[] render(TickerRow row) {
        return new JsonBytes(128)
                .ascii("\"name\":").string(row.name())
                .ascii(",\"exchange\":").string(row.exchange())
                .ascii(",\"sector\":").string(row.sector())
                .ascii(",\"industry\":").string(row.industry())
                .ascii(",\"country\":").string(row.country())
                .toByteArray();
    }
}
