package news.enricher.reference;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Keys of the compacted topic {@code reference.tickers}. Equities and ETFs are keyed by their canonical
 * symbol ({@code MU}, {@code BRK.B}); crypto assets by {@code "crypto:" + symbol} ({@code crypto:SOL}), so a
 * crypto asset never shares a key with an equity of the same symbol.
 */
public final class ReferenceKeys {

    /** Prefix of the keys of crypto rows. */
    public static final String CRYPTO_PREFIX = "crypto:";

    /** Canonical symbol: 1–6 upper-case letters or digits, optionally '.' and a 1–2 letter class suffix. */
    private static final Pattern CANONICAL_SYMBOL = Pattern.compile("[A-Z0-9]{1,6}(\\.[A-Z]{1,2})?");

    private ReferenceKeys() {
    }

    /** Whether {@code symbol} is in canonical form ({@code MU}, {@code BRK.B}); false for null. */
    public static boolean isCanonicalSymbol(String symbol) {
        return symbol != null && CANONICAL_SYMBOL.matcher(symbol).matches();
    }

    /**
     * The key of an equity or ETF: the canonical symbol itself ({@code "MU"}).
     *
     * @throws IllegalArgumentException if the symbol is not canonical
     */
    public static String equityKey(String canonicalSymbol) {
        return requireCanonical(canonicalSymbol);
    }

    /**
     * The key of a crypto asset: {@code "crypto:" + symbol} ({@code "crypto:BTC"}).
     *
     * @throws IllegalArgumentException if the symbol is not canonical
     */
    public static String cryptoKey(String canonicalSymbol) {
        return CRYPTO_PREFIX + requireCanonical(canonicalSymbol);
    }

    private static String requireCanonical(String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        if (!isCanonicalSymbol(symbol)) {
            throw new IllegalArgumentException("not a canonical symbol: '" + symbol + "'");
        }
        return symbol;
    }
}
