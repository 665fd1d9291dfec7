package news.enricher.extract;

import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static news.enricher.extract.Mentions.crypto;
import static news.enricher.extract.Mentions.equity;
import static org.assertj.core.api.Assertions.assertThat;

class RobinhoodPagesTest {

    private static final List<TickerRow> REFERENCE = TickerCsv.read(Path.of("config", "tickers.csv"));

    private final TickerExtractor extractor = new TickerExtractor();

    static Stream<String> cryptoPages() {
        return RobinhoodPages.BY_SECTION.get(AssetClass.CRYPTO).stream().sorted();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://robinhood.com/us/en/crypto/chain/",
        "https://robinhood.com/crypto/api",
        "[Robinhood Chain](https://robinhood.com/us/en/crypto/chain/)",
        "<a href=\"https://robinhood.com/crypto/api/\">API credentials</a>",
    })
    void robinhoodChainAndTheApiCredentialsPageAreNotTickers(String text) {
        assertThat(extractor.extract("Read " + text + " today.")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("cryptoPages")
    void aCryptoPathThatIsAPageIsNotATickerInAnyCaseOrLocale(String page) {
        String lower = page.toLowerCase(Locale.ROOT);
        assertThat(extractor.extract(
                "https://robinhood.com/crypto/" + lower,
                "robinhood.com/us/en/crypto/" + lower + "/",
                "www.robinhood.com/eu/en/crypto/" + page + "?ref=nav",
                "[x](https://robinhood.com/crypto/" + page.charAt(0) + lower.substring(1) + "#top)")).isEmpty();
    }

    @Test
    void aRealCryptoNextToAPageIsStillATicker() {
        assertThat(extractor.extract("robinhood.com/crypto/chain robinhood.com/us/en/crypto/BTC/ robinhood.com/crypto/api"))
                .containsExactly(crypto("BTC", 1));
    }

    @Test
    void aCryptoPageNameThatIsAUsListingStaysATickerUnderStocks() {
        Set<String> listed = symbols("equity", "etf");
        List<String> alsoListed = cryptoPages().filter(listed::contains).toList();
        assertThat(alsoListed).contains("API", "EARN");

        String text = alsoListed.stream().map(s -> "robinhood.com/us/en/stocks/" + s + "/")
                .collect(Collectors.joining(" "));
        assertThat(extractor.extract(text))
                .containsExactlyElementsOf(alsoListed.stream().map(s -> equity(s, 1)).toList());
    }

    @Test
    void noPageHidesAListedInstrumentOfItsSection() {
        assertThat(RobinhoodPages.BY_SECTION.get(AssetClass.EQUITY)).doesNotContainAnyElementsOf(
                symbols("equity", "etf"));
        assertThat(RobinhoodPages.BY_SECTION.get(AssetClass.CRYPTO)).doesNotContainAnyElementsOf(symbols("crypto"));
    }

    private static Set<String> symbols(String... assetClasses) {
        Set<String> classes = Set.of(assetClasses);
        return REFERENCE.stream().filter(r -> classes.contains(r.assetClass())).map(TickerRow::symbol)
                .collect(Collectors.toSet());
    }
}
