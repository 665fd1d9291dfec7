package news.enricher.extract;

import java.util.List;

/** Expected values for the extractor tests. */
final class Mentions {

    private Mentions() {
    }

    static TickerMention equity(String symbol, int mentions, String... linkTexts) {
        return new TickerMention(symbol, AssetClass.EQUITY, mentions, List.of(linkTexts));
    }

    static TickerMention crypto(String symbol, int mentions, String... linkTexts) {
        return new TickerMention(symbol, AssetClass.CRYPTO, mentions, List.of(linkTexts));
    }
}
