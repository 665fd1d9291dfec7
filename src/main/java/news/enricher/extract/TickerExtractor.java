package news.enricher.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Extracts the stock and crypto tickers an article links to on robinhood.com.
 *
 * <h2>Extraction rules</h2>
 * <pre>{@code
 * - Link forms: markdown inline `[text](url)` (with a title, `<url>` or spaces inside the parentheses too),
 *   reference `[text][ref]`, collapsed `[text][]` and shortcut `[text]` with `[ref]: url`, autolinks `<url>`,
 *   HTML `<a href=...>text</a>` (double, single or no quotes, any attribute order), and bare URLs.
 * - Host: exactly `robinhood.com` or `www.robinhood.com`, ASCII case-insensitive (look-alikes such as a dotless
 *   `ı` do not match). Scheme `http://`, `https://`, `//` or none; any other scheme is rejected.
 * - The URL must start at a boundary: start of text, whitespace, one of `( [ ] < > * _ ~ |`, an opening brace
 *   or typographic quote, a quote or `=` that opens an `href` value, or the `:` of `[ref]:`. So a host inside
 *   another URL's path or query (`https://x.com/?u=robinhood.com/...`), a longer name (`evilrobinhood.com`), or
 *   a quoted value of any attribute other than `href` (`src=`, `title=`) is not a link.
 * - Userinfo is rejected on either side (`robinhood.com@evil.example`, `evil.example@robinhood.com`).
 * - Any explicit port is rejected, `:443` included: real links never carry one.
 * - Path: optional locale prefix of two 2-letter segments (`/us/en`), then `/stocks/SYM` (EQUITY, ETFs included)
 *   or `/crypto/SYM` (CRYPTO), then only an optional trailing slash, query or fragment. `stocks` and `crypto` are
 *   matched case-insensitively. More segments mean another page (`/stocks/MU/news/1`, `/stocks/collections/ai`).
 * - Symbol: the segment is percent-decoded, then must be 1-6 ASCII letters/digits with an optional class suffix of
 *   1-2 letters after `.`, `-` or `/`; it is upper-cased and the suffix written with `.` (`brk%2Fb` -> `BRK.B`).
 *   A literal further segment (`/stocks/BRK/B`) is another page, not a class suffix. Bad or non-ASCII escapes reject.
 * - Deny-list of robinhood pages that fit the grammar: crypto `EARN`, `WALLET`; stocks `MARKET`. (`staking` and
 *   other long page names already fail the 6-character limit.)
 * - Trailing punctuation `. , : ; ! * _ ~` after the symbol (or after its trailing slash) is not part of a bare URL,
 *   and quotes, brackets and parentheses end it; `?` and `#` start a query/fragment, which is ignored.
 *   `BRK.B.` at the end of a sentence is `BRK.B`.
 * - Counting: every link is one mention. A URL is counted once however it is wrapped. A robinhood URL written
 *   inside the anchor text of a robinhood link is part of that text, not a mention of its own (in the visible text
 *   of a link to another site, it counts as a bare URL). A reference usage counts once per usage; a definition that
 *   some usage resolves to adds nothing, an unused one counts once without text. The first definition of a label
 *   wins; definitions resolve only within the same text (title, summary and body are separate documents).
 * - Link texts: distinct, in order of first appearance, trimmed. Empty texts are dropped, and so are texts that are
 *   themselves a URL (no whitespace, starting with `http://`, `https://`, `//`, `www.` or `robinhood.com`).
 *   Markdown text is kept as written (`**Micron**`). HTML text has tags stripped, `&amp; &lt; &gt; &quot; &#39;
 *   &nbsp;` decoded and whitespace collapsed. Bare URLs and autolinks add no text.
 * - Markdown images `![alt](url)` count like links, with the alt text as link text.
 * - URLs in code spans (right after a backtick) are not links; fenced code blocks are not recognised, so bare
 *   URLs inside them count.
 * - Cost: O(n). Every look-around from a host occurrence is bounded (500 characters of link text, 999 of label,
 *   500 of HTML tag, 32 of symbol segment, 16 of closing punctuation), and reference usages are found in one
 *   forward pass. Beyond a bound the link loses its text (or, for the last two, is not a ticker link).
 * }</pre>
 *
 * <p>Instances hold no state and are safe to share between threads.
 */
public final class TickerExtractor {

    /**
     * Extracts tickers from an article's texts.
     *
     * @param texts the article's fields in order (title, summary, body_md); null entries are skipped
     * @return distinct (symbol, assetClass) pairs in order of first appearance across the texts in the given order
     */
    public List<TickerMention> extract(String... texts) {
        Map<Key, Tally> tallies = new LinkedHashMap<>();
        if (texts != null) {
            for (String text : texts) {
                if (text == null) {
                    continue;
                }
                for (TextScanner.Link link : TextScanner.scan(text)) {
                    tallies.computeIfAbsent(new Key(link.symbol(), link.assetClass()), k -> new Tally())
                            .add(link.linkText());
                }
            }
        }
        List<TickerMention> result = new ArrayList<>(tallies.size());
        tallies.forEach((key, tally) -> result.add(
                new TickerMention(key.symbol(), key.assetClass(), tally.mentions, List.copyOf(tally.linkTexts))));
        return List.copyOf(result);
    }

    /**
     * The canonical form of a ticker symbol under the rules above ({@code "brk%2Fb"}, {@code "BRK/B"},
     * {@code "brk-b"} all give {@code "BRK.B"}), or empty when {@code raw} is not a symbol. No trimming is done.
     */
    public static Optional<String> canonicalSymbol(String raw) {
        return raw == null ? Optional.empty() : Symbols.canonical(raw);
    }

    private record Key(String symbol, AssetClass assetClass) {
    }

    private static final class Tally {
        int mentions;
        final Set<String> linkTexts = new LinkedHashSet<>();

        void add(String linkText) {
            mentions++;
            if (linkText != null) {
                linkTexts.add(linkText);
            }
        }
    }
}
