package news.enricher.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TickerCsvTest {

    private static final String HEADER = "symbol,name,exchange,sector,industry,country,asset_class";

    private static List<TickerRow> read(String csv) {
        return TickerCsv.read(new StringReader(csv));
    }

    @Test
    void plainRowsAreReadInOrder() {
        List<TickerRow> rows = read(HEADER + "\n"
                + "MU,Micron Technology Inc. Common Stock,NASDAQ,Technology,Semiconductors,United States,equity\n"
                + "SPY,SPDR S&P 500 ETF Trust,NYSE Arca,,Broad Market ETF,United States,etf\n");

        assertThat(rows).containsExactly(
                new TickerRow("MU", "Micron Technology Inc. Common Stock", "NASDAQ", "Technology", "Semiconductors",
                        "United States", "equity"),
                new TickerRow("SPY", "SPDR S&P 500 ETF Trust", "NYSE Arca", null, "Broad Market ETF",
                        "United States", "etf"));
    }

    @Test
    void quotedNamesKeepTheirCommasDoubledQuotesAndLineBreaks() {
        List<TickerRow> rows = read(HEADER + "\n"
                + "QQQ,\"Invesco QQQ Trust, Series 1\",NASDAQ,,Broad Market ETF,United States,etf\n"
                + "ABC,\"The \"\"ABC\"\" Company, Inc.\",NYSE,,,,equity\n"
                + "DEF,\"Two\nLines\",\"NYSE\",,,,\"equity\"\n");

        assertThat(rows).extracting(TickerRow::symbol, TickerRow::name, TickerRow::exchange).containsExactly(
                tuple("QQQ", "Invesco QQQ Trust, Series 1", "NASDAQ"),
                tuple("ABC", "The \"ABC\" Company, Inc.", "NYSE"),
                tuple("DEF", "Two\nLines", "NYSE"));
    }

    @Test
    void emptyFieldsAndEmptyQuotedFieldsBecomeNull() {
        List<TickerRow> rows = read(HEADER + "\nBTC,Bitcoin,,\"\",Cryptocurrency,,crypto\n");

        assertThat(rows).containsExactly(new TickerRow("BTC", "Bitcoin", null, null, "Cryptocurrency", null, "crypto"));
        assertThat(rows.get(0).exchange()).isNull();
        assertThat(rows.get(0).sector()).isNull();
        assertThat(rows.get(0).country()).isNull();
    }

    @Test
    void crlfLineEndsAreReadLikeLf() {
        String lf = HEADER + "\nBRK.B,\"Berkshire Hathaway, Inc.\",NYSE,,,United States,equity\nETH,Ethereum,,,Cryptocurrency,,crypto\n";

        List<TickerRow> rows = read(lf.replace("\n", "\r\n"));

        assertThat(rows).containsExactlyElementsOf(read(lf));
        assertThat(rows).containsExactly(
                new TickerRow("BRK.B", "Berkshire Hathaway, Inc.", "NYSE", null, null, "United States", "equity"),
                new TickerRow("ETH", "Ethereum", null, null, "Cryptocurrency", null, "crypto"));
    }

    @Test
    void aLastRowWithoutLineBreakAndEmptyLinesAreAccepted() {
        List<TickerRow> rows = read("\uFEFF" + HEADER + "\r\n\r\nMU,Micron,NASDAQ,,,,equity\n\nARM,Arm,NASDAQ,,,,equity");

        assertThat(rows).extracting(TickerRow::symbol).containsExactly("MU", "ARM");
    }

    @Test
    void aHeaderOnlyFileHasNoRows() {
        assertThat(read(HEADER + "\n")).isEmpty();
    }

    @Test
    void aMissingOrWrongHeaderIsRejected() {
        assertThatThrownBy(() -> read("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 1: empty input");
        assertThatThrownBy(() -> read("MU,Micron,NASDAQ,,,,equity\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 1: expected header");
        assertThatThrownBy(() -> read("symbol,name,exchange,sector,industry,country,assetClass\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 1: expected header");
    }

    @Test
    void aRowWithTheWrongColumnCountIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> read(HEADER + "\nMU,Micron,NASDAQ,,,,equity\nWDC,Western Digital,NASDAQ,,,equity\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 3: expected 7 columns, found 6");
        assertThatThrownBy(() -> read(HEADER + "\nMU,Micron,NASDAQ,,,,equity,extra\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2: expected 7 columns, found 8");
    }

    @Test
    void lineNumbersCountTheLineBreaksInsideQuotedFields() {
        assertThatThrownBy(() -> read(HEADER + "\r\nA,\"multi\r\nline\",NYSE,,,,equity\r\nB,b,NYSE,,,,bond\r\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 4: asset_class 'bond' is not one of equity, etf, crypto");
    }

    @Test
    void aBadOrMissingAssetClassIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> read(HEADER + "\nMU,Micron,NASDAQ,,,,Equity\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2: asset_class 'Equity' is not one of equity, etf, crypto");
        assertThatThrownBy(() -> read(HEADER + "\nMU,Micron,NASDAQ,,,,\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2: asset_class '' is not one of equity, etf, crypto");
    }

    @Test
    void aSymbolThatIsNotCanonicalIsRejectedWithItsLineNumber() {
        for (String symbol : List.of("BRK/B", "brk.b", "ABR^D", "TOOLONG", "BRK.WSX", " MU", "")) {
            assertThatThrownBy(() -> read(HEADER + "\nMU,Micron,NASDAQ,,,,equity\n" + symbol + ",x,NYSE,,,,equity\n"))
                    .as(symbol)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("line 3: symbol '" + symbol + "' is not canonical");
        }
    }

    @Test
    void brokenQuotingIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> read(HEADER + "\nMU,\"Micron,NASDAQ,,,,equity\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2: unterminated quoted field");
        assertThatThrownBy(() -> read(HEADER + "\nMU,\"Micron\"x,NASDAQ,,,,equity\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2: unexpected character after closing quote");
        assertThatThrownBy(() -> read(HEADER + "\nMU,Mic\"ron,NASDAQ,,,,equity\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2: quote inside an unquoted field");
    }

    @Test
    void aFileIsReadAsUtf8AndItsErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, HEADER + "\nSAN,\"Banco Santander, S.A.\",NYSE,,,España,equity\n", StandardCharsets.UTF_8);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, HEADER + "\nSAN,x,NYSE,,,,stock\n", StandardCharsets.UTF_8);

        assertThat(TickerCsv.read(good))
                .containsExactly(new TickerRow("SAN", "Banco Santander, S.A.", "NYSE", null, null, "España", "equity"));
        assertThatThrownBy(() -> TickerCsv.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(bad + ": line 2: asset_class 'stock' is not one of equity, etf, crypto");
    }

    @Test
    void theRealTickerTableLoadsWithUniqueKeysAndTheExpectedRows() {
        List<TickerRow> rows = TickerCsv.read(Path.of("config/tickers.csv"));
        Map<String, TickerRow> byKey = rows.stream()
                .collect(Collectors.toMap(TickerRow::referenceKey, Function.identity(), (a, b) -> {
                    throw new AssertionError("duplicate reference key " + a.referenceKey());
                }));

        // 7,182 listing rows less 383 preferreds ('^') + ~60 curated ETFs + ~30 crypto assets.
        assertThat(rows).hasSizeGreaterThan(6_800);
        assertThat(byKey).hasSameSizeAs(rows);
        assertThat(rows).extracting(TickerRow::assetClass).containsOnly("equity", "etf", "crypto");

        assertThat(byKey.get("MU")).extracting(TickerRow::name, TickerRow::exchange, TickerRow::assetClass)
                .containsExactly("Micron Technology Inc. Common Stock", "NASDAQ", "equity");
        assertThat(byKey.get("BRK.B")).extracting(TickerRow::exchange, TickerRow::assetClass)
                .containsExactly("NYSE", "equity");
        for (String etf : List.of("SPY", "QQQ", "SMH", "SOXL", "SOXS", "TQQQ")) {
            assertThat(byKey.get(etf)).as(etf).extracting(TickerRow::assetClass, TickerRow::country)
                    .containsExactly("etf", "United States");
        }
        for (String crypto : List.of("BTC", "ETH", "SOL")) {
            assertThat(byKey.get("crypto:" + crypto)).as(crypto).extracting(TickerRow::symbol, TickerRow::assetClass)
                    .containsExactly(crypto, "crypto");
            assertThat(byKey).as(crypto).doesNotContainKey(crypto);
        }
        assertThat(byKey.get("crypto:BTC").name()).isEqualTo("Bitcoin");
        assertThat(byKey.get("crypto:SOL").name()).isEqualTo("Solana");
    }

    @Test
    void theRealTickerTableContainsAllFifteenTickersOfTheSeedArticleAsEquities() {
        Map<String, TickerRow> bySymbol = TickerCsv.read(Path.of("config/tickers.csv")).stream()
                .filter(row -> !row.assetClass().equals("crypto"))
                .collect(Collectors.toMap(TickerRow::symbol, Function.identity()));

        List<String> seed = List.of("SNDK", "CRDO", "LRCX", "AXTI", "MU", "GLW", "AAOI", "WDC", "MRVL", "ARM", "COHR",
                "ASML", "ANET", "ALAB", "STX");
        assertThat(bySymbol).containsKeys(seed.toArray(String[]::new));
        assertThat(seed).allSatisfy(symbol -> assertThat(bySymbol.get(symbol).assetClass()).as(symbol).isEqualTo("equity"));
    }
}
