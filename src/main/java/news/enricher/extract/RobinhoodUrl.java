package news.enricher.extract;

import java.util.Optional;

/**
 * A robinhood ticker URL located in a text, parsed around one occurrence of the host name.
 *
 * <p>Every look-around is bounded by a constant, so parsing costs O(1) per occurrence and a whole text O(n).
 *
 * @param start      index of the first character of the URL (scheme, {@code //}, {@code www.} or host)
 * @param end        index just after the symbol path segment
 * @param symbol     canonical symbol
 * @param assetClass from the {@code stocks} / {@code crypto} path segment
 */
record RobinhoodUrl(int start, int end, String symbol, AssetClass assetClass) {

    static final String HOST = "robinhood.com";
    private static final int HOST_DOT = HOST.indexOf('.');

    /** Long enough for a fully percent-encoded 9-character symbol (27 characters), short enough to stay O(1). */
    static final int MAX_SYMBOL_SEGMENT = 32;

    /** A run of closing punctuation longer than this is not treated as the end of a sentence. */
    static final int MAX_TRAILING_PUNCTUATION = 16;

    /** Index of the next case-insensitive occurrence of {@link #HOST} at or after {@code from}, or -1. */
    static int indexOfHost(String text, int from) {
        // The host's one '.' has no case: looking for dots with the vectorized String.indexOf and checking the host
        // around each finds the same first occurrence as testing every position, and dots are rare in prose.
        int start = Math.max(from, 0);
        int last = text.length() - HOST.length();
        for (int dot = text.indexOf('.', start + HOST_DOT); dot >= 0 && dot - HOST_DOT <= last;
             dot = text.indexOf('.', dot + 1)) {
            if (Chars.matchesIgnoreCase(text, dot - HOST_DOT, HOST)) {
                return dot - HOST_DOT;
            }
        }
        return -1;
    }

    /** Parses the URL whose host name starts at {@code hostIndex}; empty when it is not a ticker link. */
    static Optional<RobinhoodUrl> parseAt(String text, int hostIndex) {
        int start = urlStart(text, hostIndex);
        int p = hostIndex + HOST.length();
        // Requiring '/' right after the host rejects ports, userinfo ("robinhood.com@evil.example"),
        // longer hosts ("robinhood.com.evil.example", "robinhood.community") and pathless mentions in one go.
        if (start < 0 || p >= text.length() || text.charAt(p) != '/') {
            return Optional.empty();
        }
        p++;
        if (isLocalePrefix(text, p)) {
            p += 6;
        }
        AssetClass assetClass;
        if (Chars.matchesIgnoreCase(text, p, "stocks/")) {
            assetClass = AssetClass.EQUITY;
        } else if (Chars.matchesIgnoreCase(text, p, "crypto/")) {
            assetClass = AssetClass.CRYPTO;
        } else {
            return Optional.empty();
        }
        p += 7;

        int segmentStart = p;
        while (p < text.length() && p - segmentStart <= MAX_SYMBOL_SEGMENT && !endsSegment(text.charAt(p))) {
            p++;
        }
        if (p - segmentStart > MAX_SYMBOL_SEGMENT) {
            return Optional.empty();
        }
        int segmentEnd = p;
        String raw;
        if (p < text.length() && text.charAt(p) == '/') {
            // Only a trailing slash may follow the symbol: "/stocks/MU/news/1" and "/stocks/BRK/B" are other pages.
            if (!isUrlEnd(text, p + 1)) {
                return Optional.empty();
            }
            raw = text.substring(segmentStart, segmentEnd);
        } else {
            int trimmed = segmentEnd;
            while (trimmed > segmentStart && Chars.isTrailingPunctuation(text.charAt(trimmed - 1))) {
                trimmed--;
            }
            raw = text.substring(segmentStart, trimmed);
        }
        return Symbols.canonical(raw)
                .filter(symbol -> !RobinhoodPages.isPage(assetClass, symbol))
                .map(symbol -> new RobinhoodUrl(start, segmentEnd, symbol, assetClass));
    }

    /**
     * Walks back from the host over an optional {@code www.}, {@code //} and {@code http:}/{@code https:}, and checks
     * that the URL starts at a boundary, so the host is not part of a longer name, of userinfo, or of another URL's
     * path or query. Returns the URL's first index, or -1.
     */
    private static int urlStart(String text, int hostIndex) {
        int s = hostIndex;
        if (Chars.matchesIgnoreCase(text, s - 4, "www.")) {
            s -= 4;
        }
        if (s >= 2 && text.charAt(s - 1) == '/' && text.charAt(s - 2) == '/') {
            s -= 2;
            if (s >= 1 && text.charAt(s - 1) == ':') {
                if (Chars.matchesIgnoreCase(text, s - 6, "https:")) {
                    s -= 6;
                } else if (Chars.matchesIgnoreCase(text, s - 5, "http:")) {
                    s -= 5;
                } else {
                    return -1;
                }
            }
        }
        return isBoundaryBefore(text, s) ? s : -1;
    }

    private static boolean isBoundaryBefore(String text, int start) {
        if (start == 0) {
            return true;
        }
        char c = text.charAt(start - 1);
        if (Chars.isSpace(c)) {
            return true;
        }
        // GitHub's autolinks start after whitespace, '*', '_', '~' or '('; markdown and HTML syntax adds the rest.
        switch (c) {
            case '(': case '[': case ']': case '<': case '>': case '*': case '_': case '~': case '|': case '{':
            case '\u201C': case '\u2018': case '\u00AB':
                return true;
            case '"': case '\'':
                // A quoted attribute value is a link only for href; src=, title=, data-*= are not links.
                return !isAttributeValue(text, start - 1) || isHrefValue(text, start - 1);
            case '=':
                // Unquoted: href=robinhood.com/... is a link, but ?u=robinhood.com/... is another URL's query.
                return isHrefValue(text, start);
            case ':':
                // "[ref]:https://..." is a reference definition written without a space.
                return start >= 2 && text.charAt(start - 2) == ']';
            default:
                return false;
        }
    }

    /** Whether the quote at {@code quoteIndex} opens the value of some {@code name=} attribute. */
    private static boolean isAttributeValue(String text, int quoteIndex) {
        int p = Chars.skipSpacesBackward(text, quoteIndex);
        return p > 0 && text.charAt(p - 1) == '=';
    }

    /** Whether the value starting at {@code valueStart} belongs to an {@code href} attribute. */
    static boolean isHrefValue(String text, int valueStart) {
        int p = valueStart;
        if (p > 0 && (text.charAt(p - 1) == '"' || text.charAt(p - 1) == '\'')) {
            p--;
        }
        p = Chars.skipSpacesBackward(text, p);
        if (p == 0 || text.charAt(p - 1) != '=') {
            return false;
        }
        p = Chars.skipSpacesBackward(text, p - 1);
        return p >= 5 && Chars.matchesIgnoreCase(text, p - 4, "href") && Chars.isSpace(text.charAt(p - 5));
    }

    /** Two path segments of two letters each, like {@code us/en/}. */
    private static boolean isLocalePrefix(String text, int p) {
        return p + 6 <= text.length()
                && Chars.isAsciiLetter(text.charAt(p)) && Chars.isAsciiLetter(text.charAt(p + 1))
                && text.charAt(p + 2) == '/'
                && Chars.isAsciiLetter(text.charAt(p + 3)) && Chars.isAsciiLetter(text.charAt(p + 4))
                && text.charAt(p + 5) == '/';
    }

    private static boolean endsSegment(char c) {
        return c == '/' || c == '?' || c == '#' || Chars.isTerminator(c);
    }

    /** Whether the path ends at {@code p}: end of text, a terminator, a query or fragment, or closing punctuation. */
    private static boolean isUrlEnd(String text, int p) {
        int q = p;
        while (q < text.length() && q - p < MAX_TRAILING_PUNCTUATION && Chars.isTrailingPunctuation(text.charAt(q))) {
            q++;
        }
        if (q == text.length()) {
            return true;
        }
        char c = text.charAt(q);
        return Chars.isTerminator(c) || (q == p && (c == '?' || c == '#'));
    }
}
