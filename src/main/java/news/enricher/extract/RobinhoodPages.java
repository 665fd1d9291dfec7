package news.enricher.extract;

import java.util.Map;
import java.util.Set;

/**
 * Robinhood's own pages that sit where an instrument's page would, {@code robinhood.com[/<locale>]/crypto/<name>} or
 * {@code /stocks/<name>}: such a link names a page, not a ticker. The one list of them.
 *
 * <p>Where it comes from: robinhood.com's pages as they are linked from elsewhere (seen in public code and docs,
 * December 2026), not a crawl of the site: {@code /us/en/crypto/wallet/} (Robinhood Wallet),
 * {@code /us/en/crypto/staking/}, {@code /us/en/crypto/earn/}, {@code /us/en/crypto/chain/} (Robinhood Chain),
 * {@code /crypto/api} (crypto trading API credentials) and {@code /crypto/trading}. No page under {@code /stocks/}
 * is known: Robinhood's stock pages are the instruments themselves, and its lists live elsewhere
 * ({@code /collections/…}). When a new page turns up as an unknown ticker, add it here.
 *
 * <p>Names longer than a symbol ({@code staking}, {@code trading}) already fail the symbol grammar; they are listed so
 * that the list says what is known. Under {@code /crypto/} a page wins over any listing of the same name, since the
 * path belongs to the page on robinhood.com: {@code API} (Agora) and {@code EARN} (Ellington Credit) are US listings,
 * and their pages {@code /stocks/API} and {@code /stocks/EARN} remain tickers. Under {@code /stocks/} a name is only
 * listed here if no US listing has it ({@code RobinhoodPagesTest} checks both lists against the reference table).
 */
final class RobinhoodPages {

    /** Upper case, as canonical symbols are compared. */
    static final Map<AssetClass, Set<String>> BY_SECTION = Map.of(
            AssetClass.CRYPTO, Set.of("EARN", "WALLET", "STAKING", "CHAIN", "API", "TRADING"),
            // A precaution, not a page known to exist: "/stocks/market" reads as one, and a 6-letter word cannot
            // hide a US listing (at most 5 letters).
            AssetClass.EQUITY, Set.of("MARKET"));

    private RobinhoodPages() {
    }

    /** Whether {@code symbol} (canonical) under the section of {@code assetClass} is one of Robinhood's pages. */
    static boolean isPage(AssetClass assetClass, String symbol) {
        return BY_SECTION.get(assetClass).contains(symbol);
    }
}
