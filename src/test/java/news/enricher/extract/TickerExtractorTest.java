package news.enricher.extract;

import static news.enricher.extract.Mentions.crypto;
import static news.enricher.extract.Mentions.equity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TickerExtractorTest {

    private static final String MU = "https://robinhood.com/stocks/MU";

    private final TickerExtractor extractor = new TickerExtractor();

    private List<TickerMention> extract(String... texts) {
        return extractor.extract(texts);
    }

    @Nested
    class LinkForms {

        @Test
        void findsMarkdownInlineLink() {
            assertThat(extract("Memory names like [Micron](" + MU + ") fell."))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void findsInlineLinkWithTitle() {
            assertThat(extract("[Micron](" + MU + " \"Micron Technology\") and [Micron](" + MU + " 'x')"))
                    .containsExactly(equity("MU", 2, "Micron"));
        }

        @Test
        void findsInlineLinkWithPointyBracketsAndSpaces() {
            assertThat(extract("[Micron]( <" + MU + "> )")).containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void findsMarkdownImageLinkWithAltText() {
            assertThat(extract("![Micron chart](" + MU + ")")).containsExactly(equity("MU", 1, "Micron chart"));
        }

        @Test
        void findsAutolinkWithoutText() {
            assertThat(extract("See <" + MU + ">.")).containsExactly(equity("MU", 1));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "https://robinhood.com/stocks/MU",
            "http://robinhood.com/stocks/MU",
            "robinhood.com/stocks/MU",
            "//robinhood.com/stocks/MU",
            "www.robinhood.com/stocks/MU",
            "https://www.robinhood.com/stocks/MU",
            "HTTPS://WWW.ROBINHOOD.COM/STOCKS/mu",
            "https://robinhood.com/us/en/stocks/MU/",
            "https://robinhood.com/gb/en/stocks/MU",
            "https://robinhood.com/eu/en/stocks/MU/?source=sherwood",
            "https://robinhood.com/stocks/MU?source=x&y=robinhood.com",
            "https://robinhood.com/stocks/MU#chart",
            "https://robinhood.com/stocks/MU/#chart",
        })
        void findsBareUrlInAnyAcceptedSpelling(String url) {
            assertThat(extract("Shares of " + url + " rose")).containsExactly(equity("MU", 1));
        }

        @ParameterizedTest
        @ValueSource(strings = {"(", "[", "<p>", "*", "**", "_", "~~", "|", "\u201C", "\n"})
        void findsBareUrlAfterDelimiter(String delimiter) {
            assertThat(extract("x" + delimiter + "robinhood.com/stocks/MU")).containsExactly(equity("MU", 1));
        }

        @Test
        void ignoresUrlInCodeSpan() {
            assertThat(extract("Use `robinhood.com/stocks/MU` in config.")).isEmpty();
        }
    }

    @Nested
    class ReferenceLinks {

        @Test
        void findsFullReferenceLink() {
            assertThat(extract("Buy [Micron][mu] now.\n\n[mu]: " + MU))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void findsCollapsedReferenceLink() {
            assertThat(extract("Buy [Micron][] now.\n\n[micron]: " + MU))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void findsShortcutReferenceLink() {
            assertThat(extract("Buy [Micron] now.\n\n[Micron]: " + MU))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void matchesLabelsIgnoringCaseAndWhitespace() {
            assertThat(extract("[Micron][ The\n  MU ]\n\n[the mu]: " + MU))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void acceptsDefinitionWithPointyBracketsTitleIndentOrNoSpace() {
            String text = "[a][1] [b][2] [c][3]\n\n"
                    + "   [1]: <https://robinhood.com/stocks/AAPL> \"Apple\"\n"
                    + "[2]:https://robinhood.com/stocks/MU\n"
                    + "[3]:\n  https://robinhood.com/crypto/BTC\n";
            assertThat(extract(text)).containsExactly(
                    equity("AAPL", 1, "a"), equity("MU", 1, "b"), crypto("BTC", 1, "c"));
        }

        @Test
        void countsEachUsageButNotTheUsedDefinition() {
            assertThat(extract("[Micron][mu], [MU][mu] and [Micron][mu].\n\n[mu]: " + MU))
                    .containsExactly(equity("MU", 3, "Micron", "MU"));
        }

        @Test
        void countsUnusedDefinitionOnceWithoutText() {
            assertThat(extract("Nothing uses it.\n\n[mu]: " + MU)).containsExactly(equity("MU", 1));
        }

        @Test
        void ordersUsageWhereItAppearsNotWhereItIsDefined() {
            assertThat(extract("[Micron][mu] then robinhood.com/stocks/AAPL\n\n[mu]: " + MU))
                    .containsExactly(equity("MU", 1, "Micron"), equity("AAPL", 1));
        }

        @Test
        void usesFirstDefinitionOfALabelAndCountsTheShadowedOneAsUnused() {
            String text = "[x][a]\n\n[a]: https://robinhood.com/stocks/MU\n[a]: https://robinhood.com/stocks/AAPL";
            assertThat(extract(text)).containsExactly(equity("MU", 1, "x"), equity("AAPL", 1));
        }

        @Test
        void resolvesDefinitionsOnlyWithinTheSameText() {
            assertThat(extract("[Micron][mu]", "[mu]: " + MU)).containsExactly(equity("MU", 1));
        }

        @Test
        void takesMidLineOrOverIndentedDefinitionAsPlainUrl() {
            assertThat(extract("[Micron][mu]\n\nsee [mu]: " + MU + "\n\n    [mu]: " + MU))
                    .containsExactly(equity("MU", 2));
        }

        @Test
        void ignoresUndefinedLabels() {
            assertThat(extract("[Micron][other] and [Micron] and [x][]\n\n[mu]: " + MU))
                    .containsExactly(equity("MU", 1));
        }

        @Test
        void doesNotTakeInlineLinkTextForAShortcutUsage() {
            assertThat(extract("[mu](https://robinhood.com/stocks/AAPL)\n\n[mu]: " + MU))
                    .containsExactly(equity("AAPL", 1, "mu"), equity("MU", 1));
        }

        @Test
        void findsLaterFullReferenceAfterUndefinedOne() {
            assertThat(extract("[a][nope][Micron][mu]\n\n[mu]: " + MU))
                    .containsExactly(equity("MU", 1, "Micron"));
        }
    }

    @Nested
    class Html {

        @Test
        void findsAnchorWithDoubleQuotes() {
            assertThat(extract("<p><a href=\"" + MU + "\">Micron</a></p>"))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void findsAnchorWithSingleQuotesAndAttributesInAnyOrder() {
            assertThat(extract("<a class=\"x\" target='_blank' href='" + MU + "' rel=\"noopener\">Micron</a>"))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void findsUpperCaseAnchorWithUnquotedHref() {
            assertThat(extract("<A HREF=" + MU + ">Micron</A>")).containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void findsAnchorWithSpacesAroundEquals() {
            assertThat(extract("<a href = \"" + MU + "\">Micron</a>")).containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void stripsTagsDecodesEntitiesAndCollapsesWhitespaceInAnchorText() {
            assertThat(extract("<a href=\"" + MU + "\"> <b>Micron</b> &amp;\n  &quot;Co&quot; &lt;&#39;&gt;</a>"))
                    .containsExactly(equity("MU", 1, "Micron & \"Co\" <'>"));
        }

        @Test
        void allowsGreaterThanInsideLaterQuotedAttribute() {
            assertThat(extract("<a href=\"" + MU + "\" title=\"a > b\">Micron</a>"))
                    .containsExactly(equity("MU", 1, "Micron"));
        }

        @Test
        void ignoresQuotedUrlInAttributesOtherThanHref() {
            assertThat(extract("<img src=\"" + MU + "\"> <a href=\"https://robinhood.com/stocks/AAPL\" title=\""
                    + MU + "\">Apple</a>"))
                    .containsExactly(equity("AAPL", 1, "Apple"));
        }

        @Test
        void countsHrefOfOtherElementsWithoutText() {
            assertThat(extract("<link rel=\"x\" href=\"" + MU + "\">Micron</a>")).containsExactly(equity("MU", 1));
        }

        @Test
        void reportsNoTextWhenAnchorIsNotClosedBeforeTheNextOne() {
            assertThat(extract("<a href=\"" + MU + "\">Micron <a href=\"https://robinhood.com/stocks/AAPL\">Apple</a>"))
                    .containsExactly(equity("MU", 1), equity("AAPL", 1, "Apple"));
        }
    }

    @Nested
    class Hosts {

        @ParameterizedTest
        @ValueSource(strings = {
            "https://robinhood.com.evil.example/stocks/MU",
            "https://robinhood.com./stocks/MU",
            "https://evilrobinhood.com/stocks/MU",
            "evilrobinhood.com/stocks/MU",
            "https://sub.robinhood.com/stocks/MU",
            "https://wwww.robinhood.com/stocks/MU",
            "https://www.www.robinhood.com/stocks/MU",
            "https://robinhood.community/stocks/MU",
            "https://robinhood.co/stocks/MU",
            "https://rob\u0131nhood.com/stocks/MU",
            "https://rob\u0130nhood.com/stocks/MU",
            "https://robinhood.com@evil.example/stocks/MU",
            "https://evil.example@robinhood.com/stocks/MU",
            "https://user:pass@robinhood.com/stocks/MU",
            "https://evil.example/robinhood.com/stocks/MU",
            "https://evil.example/https://robinhood.com/stocks/MU",
            "https://x.com/?u=robinhood.com/stocks/MU",
            "https://x.com/?u=https://robinhood.com/stocks/MU",
            "https://x.com/?href=robinhood.com/stocks/MU",
            "https://x.com/?u=\"robinhood.com/stocks/MU\"",
            "https://x.com/#robinhood.com/stocks/MU",
            "https://robinhood.com:443/stocks/MU",
            "robinhood.com:8080/stocks/MU",
            "ftp://robinhood.com/stocks/MU",
            "javascript://robinhood.com/stocks/MU",
            "xhttps://robinhood.com/stocks/MU",
            "https:/robinhood.com/stocks/MU",
            "https:\\\\robinhood.com\\stocks\\MU",
        })
        void ignoresUrlWhoseHostIsNotRobinhood(String url) {
            assertThat(extract("Read " + url + " today")).isEmpty();
        }
    }

    @Nested
    class Paths {

        @ParameterizedTest
        @ValueSource(strings = {
            "robinhood.com",
            "robinhood.com/",
            "robinhood.com/support",
            "robinhood.com/us/en/about/",
            "robinhood.com/stocks",
            "robinhood.com/stocks/",
            "robinhood.com/us/en/stocks/",
            "robinhood.com/stocks/?q=MU",
            "robinhood.com/stocks//MU",
            "robinhood.com//stocks/MU",
            "robinhood.com/stock/MU",
            "robinhood.com/options/MU",
            "robinhood.com/stocks/collections/ai",
            "robinhood.com/us/en/stocks/MU/news/123",
            "robinhood.com/stocks/MU/chart",
            "robinhood.com/stocks/BRK/B",
            "robinhood.com/us/stocks/MU",
            "robinhood.com/usa/en/stocks/MU",
            "robinhood.com/u1/en/stocks/MU",
            "robinhood.com/us/en/gb/en/stocks/MU",
            "robinhood.com/crypto/staking",
            "robinhood.com/crypto/wallet",
            "robinhood.com/us/en/crypto/Wallet/",
            "robinhood.com/crypto/earn",
            "robinhood.com/stocks/market",
        })
        void ignoresRobinhoodPagesThatAreNotTickers(String url) {
            assertThat(extract("Visit " + url + " now")).isEmpty();
        }

        @Test
        void keepsDenyListedCryptoPageNamesAsEquityTickers() {
            assertThat(extract("robinhood.com/stocks/EARN and robinhood.com/stocks/WALLET"))
                    .containsExactly(equity("EARN", 1), equity("WALLET", 1));
        }

        @Test
        void matchesSectionNamesCaseInsensitively() {
            assertThat(extract("robinhood.com/US/EN/Stocks/MU robinhood.com/CRYPTO/btc"))
                    .containsExactly(equity("MU", 1), crypto("BTC", 1));
        }
    }

    @Nested
    class SymbolsInUrls {

        @ParameterizedTest
        @ValueSource(strings = {
            "MU=MU", "mu=MU", "BRK.B=BRK.B", "brk.b=BRK.B", "BF-B=BF.B", "BRK%2EB=BRK.B", "brk%2fb=BRK.B",
            "BRK%2Fb=BRK.B", "%4d%55=MU", "ABCDEF=ABCDEF", "A=A", "1234=1234", "BRK.AB=BRK.AB", "MU.X=MU.X",
        })
        void canonicalizesSymbol(String segmentAndSymbol) {
            String[] parts = segmentAndSymbol.split("=");
            assertThat(extract("robinhood.com/stocks/" + parts[0] + " ok"))
                    .containsExactly(equity(parts[1], 1));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "MU$", "TOOLONGSYM", "ABCDEFG", "%ZZ", "%2", "MU%", "M%C3%9C", "M\u00DC", "\uFF2D\uFF35", "BRK.ABC",
            "BRK..B", "BRK.1", "BRK_B", "BRK%2E%2EB", "MU,AAPL", "MU%20", "MU+", "-B",
        })
        void ignoresSegmentThatIsNotASymbol(String segment) {
            assertThat(extract("robinhood.com/stocks/" + segment + " ok")).isEmpty();
        }

        @Test
        void exposesCanonicalSymbolForReuse() {
            assertThat(TickerExtractor.canonicalSymbol("BRK/B")).contains("BRK.B");
            assertThat(TickerExtractor.canonicalSymbol("bf-b")).contains("BF.B");
            assertThat(TickerExtractor.canonicalSymbol("brk%2Fb")).contains("BRK.B");
            assertThat(TickerExtractor.canonicalSymbol("mu")).contains("MU");
            assertThat(TickerExtractor.canonicalSymbol(" MU ")).isEmpty();
            assertThat(TickerExtractor.canonicalSymbol("BRK.")).isEmpty();
            assertThat(TickerExtractor.canonicalSymbol("")).isEmpty();
            assertThat(TickerExtractor.canonicalSymbol(null)).isEmpty();
        }
    }

    @Nested
    class TrailingPunctuation {

        @ParameterizedTest
        @ValueSource(strings = {
            "See robinhood.com/stocks/MU.",
            "(https://robinhood.com/stocks/MU)",
            "robinhood.com/stocks/MU, and",
            "Wow robinhood.com/stocks/MU!",
            "Really robinhood.com/stocks/MU?",
            "Really robinhood.com/stocks/MU? Yes.",
            "robinhood.com/stocks/MU; then",
            "robinhood.com/stocks/MU: then",
            "\"robinhood.com/stocks/MU\"",
            "'robinhood.com/stocks/MU'",
            "\u201Crobinhood.com/stocks/MU\u201D",
            "robinhood.com/stocks/MU...",
            "robinhood.com/stocks/MU/.",
            "robinhood.com/stocks/MU/).",
            "**robinhood.com/stocks/MU**",
            "_robinhood.com/stocks/MU_",
            "[robinhood.com/stocks/MU]",
            "<p>robinhood.com/stocks/MU</p>",
        })
        void dropsPunctuationAfterBareUrl(String text) {
            assertThat(extract(text)).containsExactly(equity("MU", 1));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "robinhood.com/stocks/BRK.B", "robinhood.com/stocks/BRK.B.", "robinhood.com/stocks/BRK.B/.",
        })
        void keepsClassSuffixWhileDroppingFinalPeriod(String text) {
            assertThat(extract(text)).containsExactly(equity("BRK.B", 1));
        }

        @Test
        void treatsPeriodAfterBaseSymbolAsPunctuation() {
            assertThat(extract("We like robinhood.com/stocks/BRK.")).containsExactly(equity("BRK", 1));
        }

        @Test
        void ignoresPunctuationFollowedByMorePath() {
            assertThat(extract("robinhood.com/stocks/MU./ and robinhood.com/stocks/MU/.x")).isEmpty();
        }
    }

    @Nested
    class AssetClasses {

        @Test
        void mapsCryptoPathToCrypto() {
            assertThat(extract("[Bitcoin](https://robinhood.com/us/en/crypto/BTC/)"))
                    .containsExactly(crypto("BTC", 1, "Bitcoin"));
        }

        @Test
        void keepsSameSymbolUnderBothClassesApart() {
            assertThat(extract("robinhood.com/stocks/SOL and robinhood.com/crypto/SOL and robinhood.com/stocks/SOL"))
                    .containsExactly(equity("SOL", 2), crypto("SOL", 1));
        }

        @Test
        void namesAssetClassesOnTheWire() {
            assertThat(AssetClass.EQUITY.wireName()).isEqualTo("equity");
            assertThat(AssetClass.CRYPTO.wireName()).isEqualTo("crypto");
        }
    }

    @Nested
    class Aggregation {

        @Test
        void countsEveryLinkAcrossTexts() {
            assertThat(extract(
                    "Micron " + MU,
                    "[Micron](" + MU + ")",
                    "[Micron Technology](" + MU + ") and [Micron](https://www.robinhood.com/us/en/stocks/mu/)"))
                    .containsExactly(equity("MU", 4, "Micron", "Micron Technology"));
        }

        @Test
        void ordersByFirstAppearanceAcrossTextsInTheGivenOrder() {
            assertThat(extract(
                    "robinhood.com/stocks/AAPL",
                    "robinhood.com/stocks/MU then robinhood.com/stocks/AAPL",
                    "robinhood.com/crypto/BTC and robinhood.com/stocks/MU"))
                    .containsExactly(equity("AAPL", 2), equity("MU", 2), crypto("BTC", 1));
        }

        @Test
        void skipsNullTexts() {
            assertThat(extract(null, "robinhood.com/stocks/MU", null)).containsExactly(equity("MU", 1));
            assertThat(extract()).isEmpty();
            assertThat(extractor.extract((String[]) null)).isEmpty();
        }

        @Test
        void trimsLinkTextsAndDropsBlankOnes() {
            assertThat(extract("[  Micron\n ](" + MU + ") [](" + MU + ") [ \t ](" + MU + ")"))
                    .containsExactly(equity("MU", 3, "Micron"));
        }

        @Test
        void keepsDistinctLinkTextsCaseSensitivelyInOrder() {
            assertThat(extract("[micron](" + MU + ") [Micron](" + MU + ") [micron](" + MU + ")"))
                    .containsExactly(equity("MU", 3, "micron", "Micron"));
        }

        @Test
        void keepsNestedMarkdownInAnchorTextAsWritten() {
            assertThat(extract("[**Micron** `MU`](" + MU + ")")).containsExactly(equity("MU", 1, "**Micron** `MU`"));
        }

        @Test
        void keepsBalancedBracketsInAnchorText() {
            assertThat(extract("[Berkshire [B shares]](https://robinhood.com/stocks/BRK.B)"))
                    .containsExactly(equity("BRK.B", 1, "Berkshire [B shares]"));
        }

        @Test
        void treatsEscapedBracketInAnchorTextAsLiteral() {
            assertThat(extract("[Micron \\] Technology](" + MU + ")"))
                    .containsExactly(equity("MU", 1, "Micron \\] Technology"));
        }

        @Test
        void doesNotLetAnchorTextCrossABlankLine() {
            assertThat(extract("[Micron\n\nTechnology](" + MU + ")")).containsExactly(equity("MU", 1));
        }

        @Test
        void doesNotReportAnchorTextLongerThanItsBound() {
            assertThat(extract("[" + "x".repeat(Markdown.MAX_LINK_TEXT + 1) + "](" + MU + ")"))
                    .containsExactly(equity("MU", 1));
        }

        @Test
        void doesNotTakeTextAcrossAPreviousLink() {
            // As in CommonMark, the inner link wins and the outer brackets are plain text.
            assertThat(extract("[x [a](https://robinhood.com/stocks/A) b](https://robinhood.com/stocks/B)"))
                    .containsExactly(equity("A", 1, "a"), equity("B", 1));
        }

        @Test
        void countsUrlUsedAsItsOwnAnchorTextOnceWithoutText() {
            assertThat(extract("[" + MU + "](" + MU + ") and <a href=\"" + MU + "\">" + MU + "</a>"))
                    .containsExactly(equity("MU", 2));
        }

        @Test
        void treatsRobinhoodUrlInsideAnchorTextAsPartOfTheText() {
            assertThat(extract("[see robinhood.com/stocks/AAPL](" + MU + ")"))
                    .containsExactly(equity("MU", 1, "see robinhood.com/stocks/AAPL"));
        }

        @Test
        void treatsRobinhoodUrlInsideReferenceLinkTextAsPartOfTheText() {
            assertThat(extract("[robinhood.com/stocks/AAPL][mu]\n\n[mu]: " + MU))
                    .containsExactly(equity("MU", 1));
        }

        @Test
        void countsRobinhoodUrlShownAsTextOfAnotherSitesLinkAsBareUrl() {
            assertThat(extract("[robinhood.com/stocks/MU](https://x.com/mu)")).containsExactly(equity("MU", 1));
        }

        @Test
        void returnsImmutableResults() {
            List<TickerMention> result = extract("[Micron](" + MU + ")");
            assertThatThrownBy(() -> result.add(equity("X", 1))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> result.get(0).linkTexts().add("x"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void copiesLinkTextsGivenToTheRecord() {
            List<String> texts = new ArrayList<>(List.of("Micron"));
            TickerMention mention = new TickerMention("MU", AssetClass.EQUITY, 1, texts);
            texts.add("changed");
            assertThat(mention.linkTexts()).containsExactly("Micron");
        }

        @Test
        void givesTheSameResultsWhenSharedBetweenThreads() {
            List<String> texts = IntStream.range(0, 200)
                    .mapToObj(i -> "[T" + i + "](https://robinhood.com/stocks/T" + i + ") robinhood.com/crypto/C" + i)
                    .toList();
            List<List<TickerMention>> sequential = texts.stream().map(extractor::extract).toList();
            List<List<TickerMention>> parallel = texts.parallelStream().map(extractor::extract).toList();
            assertThat(parallel).isEqualTo(sequential);
        }
    }
}
