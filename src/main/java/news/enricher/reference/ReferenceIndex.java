package news.enricher.reference;

import news.enricher.json.JsonBytes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference table in memory, each row already rendered as the JSON the enriched copies embed, so a lookup is
 * one table read: no store access, no decoding, no key validation. The global store's processor keeps it current
 * (one writer); stream threads read it. Each row is replaced whole, so a lookup sees one version of a row.
 *
 * <p>Rows whose symbol packs into a {@code long} (every canonical one) live in a {@link PackedSymbolTable}; any other
 * key a reference topic may carry goes to a plain concurrent map, so that no row is lost whatever its key.
 */
public final class ReferenceIndex {

    private final PackedSymbolTable packed = new PackedSymbolTable();
    private final Map<String, byte[]> unpacked = new ConcurrentHashMap<>();

    /** Stores {@code row} under its reference key ({@link ReferenceKeys}). Writer only: one thread puts and removes. */
    public void put(String key, TickerRow row) {
        byte[] rendered = render(row);
        long p = pack(key);
        if (p != 0) {
            packed.put(p, rendered);
        } else {
            unpacked.put(key, rendered);
        }
    }

    /** Writer only, like {@link #put}. */
    public void remove(String key) {
        long p = pack(key);
        if (p != 0) {
            packed.remove(p);
        } else {
            unpacked.remove(key);
        }
    }

    public int size() {
        return packed.size() + unpacked.size();
    }

    /**
     * The row of an extracted symbol, rendered as {@code "name":…,"exchange":…,"sector":…,"industry":…,"country":…}
     * (empty values as {@code null}), or null when the table has no such row.
     *
     * @param crypto whether the symbol came from a {@code /crypto/} link (crypto rows are keyed apart)
     * @param symbol the canonical symbol, as the extractor gives it
     */
    public byte[] rendered(boolean crypto, String symbol) {
        long p = PackedSymbolTable.pack(crypto, symbol);
        if (p != 0) {
            return packed.get(p);
        }
        return unpacked.get(crypto ? ReferenceKeys.CRYPTO_PREFIX + symbol : symbol);
    }

    /** A reference key as {@link PackedSymbolTable#pack} packs its symbol, or 0 when it does not pack. */
    private static long pack(String key) {
        boolean crypto = key.startsWith(ReferenceKeys.CRYPTO_PREFIX);
        return PackedSymbolTable.pack(crypto, crypto ? key.substring(ReferenceKeys.CRYPTO_PREFIX.length()) : key);
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
