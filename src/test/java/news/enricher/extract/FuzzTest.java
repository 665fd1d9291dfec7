package news.enricher.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Random articles stitched from link syntax fragments, checked against the output invariants. */
class FuzzTest {

    private static final long SEED = 20_260_623L;
    private static final int CASES = 2_000;

    /** Anchored and applied to short symbols only, so the regex itself cannot blow up. */
    private static final Pattern CANONICAL_SYMBOL = Pattern.compile("[A-Z0-9]{1,6}(\\.[A-Z]{1,2})?");

    private static final String[] FRAGMENTS = {
        "[", "]", "(", ")", "<", ">", "\"", "'", "=", "`", "*", "_", "\\", "@", ":", "?", "#", "&amp;", "%",
        " ", "\n", "\n\n", "   ", ".", ",", "!", "/", "//", "https://", "http://", "ftp://", "www.", "robinhood.com",
        "ROBINHOOD.COM", "rob\u0131nhood.com", "evil.example", "/stocks/", "/crypto/", "/us/en", "stocks/", "MU",
        "brk", ".b", "-b", "%2F", "%2E", "%ZZ", "BTC", "wallet", "toolongsymbol", "href=", "<a ", "</a>", "<b>",
        "](", "][", "]: ", "[mu]", "[mu]: ", "[Micron]", "Micron", "x", "\u00E9", "\uD83D\uDE80", "\u201C",
    };

    private final TickerExtractor extractor = new TickerExtractor();

    @Test
    void randomArticlesKeepTheOutputInvariants() {
        Random random = new Random(SEED);
        int withTickers = 0;
        for (int i = 0; i < CASES; i++) {
            String body = random.nextInt(10) == 0 ? null : randomText(random);
            String[] texts = {randomText(random), randomText(random), body};
            List<TickerMention> result = extract(texts);

            assertThat(result).allSatisfy(mention -> {
                assertThat(mention.symbol()).matches(CANONICAL_SYMBOL);
                assertThat(mention.assetClass()).isNotNull();
                assertThat(mention.mentions()).isPositive();
                assertThat(mention.linkTexts()).doesNotHaveDuplicates()
                        .allSatisfy(text -> assertThat(text).isNotBlank().isEqualTo(text.strip()));
            });
            assertThat(result).extracting(TickerMention::symbol, TickerMention::assetClass).doesNotHaveDuplicates();
            // No hidden state: the same input gives the same output again.
            assertThat(extract(texts)).isEqualTo(result);
            if (!result.isEmpty()) {
                withTickers++;
            }
        }
        // The fragments must actually produce links often enough for the invariants to mean something.
        assertThat(withTickers).isGreaterThan(CASES / 10);
    }

    private List<TickerMention> extract(String[] texts) {
        AtomicReference<List<TickerMention>> result = new AtomicReference<>();
        assertThatCode(() -> result.set(extractor.extract(texts))).as(Arrays.toString(texts))
                .doesNotThrowAnyException();
        return result.get();
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int fragments = random.nextInt(60);
        for (int i = 0; i < fragments; i++) {
            text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            if (random.nextInt(4) == 0) {
                // Bias towards well-formed links so the parser's deeper branches get exercised.
                text.append(randomLink(random));
            }
        }
        return text.toString();
    }

    private static String randomLink(Random random) {
        String url = pick(random, "https://", "http://", "//", "", "https://www.")
                + pick(random, "robinhood.com", "Robinhood.com", "robinhood.com.evil.example")
                + pick(random, "/", "/us/en/", "/gb/en/", ":443/")
                + pick(random, "stocks/", "crypto/", "about/")
                + pick(random, "MU", "brk.b", "BF-B", "BRK%2Fb", "BTC", "wallet", "MU$", "")
                + pick(random, "", "/", "?x=1", "#f", ".", "/news/1");
        return switch (random.nextInt(6)) {
            case 0 -> "[Micron](" + url + ")";
            case 1 -> "<a href=\"" + url + "\">Micron</a>";
            case 2 -> "<" + url + ">";
            case 3 -> "[Micron][mu]\n\n[mu]: " + url + "\n";
            default -> " " + url + " ";
        };
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
