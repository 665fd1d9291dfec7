package news.enricher.extract;

import static news.enricher.extract.Mentions.equity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Guards the linear-time promise: each input is about 5 MB and built so that an unbounded scan per occurrence, a
 * backtracking regex or a quadratic bracket match would take far longer than the timeout.
 */
class PathologicalInputTest {

    private static final int SIZE = 5_000_000;
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final TickerExtractor extractor = new TickerExtractor();

    private List<TickerMention> extractQuickly(String text) {
        return assertTimeoutPreemptively(LIMIT, () -> extractor.extract(text));
    }

    private static String fill(String unit) {
        return unit.repeat(Math.max(1, SIZE / unit.length()));
    }

    @Test
    void handlesOnlyOpeningBrackets() {
        assertThat(extractQuickly(fill("["))).isEmpty();
    }

    @Test
    void handlesOnlyClosingBracketParenthesis() {
        assertThat(extractQuickly(fill("]("))).isEmpty();
    }

    @Test
    void handlesHostRepeatedWithoutSeparators() {
        assertThat(extractQuickly(fill("robinhood.com"))).isEmpty();
    }

    @Test
    void handlesStocksHubRepeated() {
        assertThat(extractQuickly(fill("https://robinhood.com/stocks/"))).isEmpty();
    }

    @Test
    void countsOneHundredThousandInlineLinks() {
        String text = "[a](https://robinhood.com/stocks/MU)".repeat(100_000);
        assertThat(extractQuickly(text)).containsExactly(equity("MU", 100_000, "a"));
    }

    @Test
    void countsTwoHundredThousandBareUrls() {
        String text = "robinhood.com/stocks/MU ".repeat(200_000);
        assertThat(extractQuickly(text)).containsExactly(equity("MU", 200_000));
    }

    @Test
    void handlesPercentSigns() {
        assertThat(extractQuickly(fill("%"))).isEmpty();
        assertThat(extractQuickly("robinhood.com/stocks/" + fill("%"))).isEmpty();
    }

    @Test
    void handlesSingleTokenWithoutSpaces() {
        String token = "a".repeat(SIZE);
        assertThat(extractQuickly(token)).isEmpty();
        assertThat(extractQuickly("[" + token + "](https://robinhood.com/stocks/MU)"))
                .containsExactly(equity("MU", 1));
    }

    @Test
    void handlesDeeplyNestedBrackets() {
        int depth = SIZE / 2;
        String text = "[".repeat(depth) + "x](https://robinhood.com/stocks/MU)" + "]".repeat(depth);
        assertThat(extractQuickly(text)).containsExactly(equity("MU", 1, "x"));
    }

    @Test
    void handlesDeeplyNestedBracketsWithReferenceDefinitions() {
        int depth = SIZE / 2;
        String text = "[".repeat(depth) + "mu" + "]".repeat(depth) + "\n\n[mu]: https://robinhood.com/stocks/MU";
        assertThat(extractQuickly(text)).containsExactly(equity("MU", 1, "mu"));
    }

    @Test
    void handlesDenseReferenceSyntaxWithDefinitions() {
        String definition = "\n\n[mu]: https://robinhood.com/stocks/MU";
        assertThat(extractQuickly(fill("[x][") + definition)).containsExactly(equity("MU", 1));
        assertThat(extractQuickly(fill("][") + definition)).containsExactly(equity("MU", 1));
        assertThat(extractQuickly(fill("[[]]") + definition)).containsExactly(equity("MU", 1));
        assertThat(extractQuickly(fill("[mu][]") + definition)).containsExactly(equity("MU", SIZE / 6, "mu"));
    }

    @Test
    void handlesInlineLinksWhoseTextNeverOpens() {
        String text = fill("](robinhood.com/stocks/MU)");
        assertThat(extractQuickly(text)).containsExactly(equity("MU", SIZE / 26));
    }

    @Test
    void handlesUnclosedHtmlAnchors() {
        String text = fill("<a href=\"robinhood.com/stocks/MU");
        assertThat(extractQuickly(text)).containsExactly(equity("MU", SIZE / 32));
    }

    @Test
    void handlesAnchorsWithoutEndTag() {
        String text = fill("<a href=robinhood.com/stocks/MU>x ");
        assertThat(extractQuickly(text)).containsExactly(equity("MU", SIZE / 34));
    }

    @Test
    void handlesDefinitionsWhoseLabelNeverOpens() {
        String text = fill("x]: robinhood.com/stocks/MU\n");
        assertThat(extractQuickly(text)).containsExactly(equity("MU", SIZE / 28));
    }

    @Test
    void handlesLongRunsAroundTheUrl() {
        assertThat(extractQuickly(" ".repeat(SIZE) + "=robinhood.com/stocks/MU" + ".".repeat(SIZE))).isEmpty();
        assertThat(extractQuickly("robinhood.com/stocks/MU/" + ".".repeat(SIZE))).isEmpty();
        assertThat(extractQuickly(fill("href=\""))).isEmpty();
        assertThat(extractQuickly(fill("<a "))).isEmpty();
        assertThat(extractQuickly(fill("\n"))).isEmpty();
    }

    @Test
    void handlesRandomUnicode() {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder(SIZE);
        while (text.length() < SIZE) {
            text.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF));
        }
        assertThat(extractQuickly(text.toString())).isEmpty();
    }
}
