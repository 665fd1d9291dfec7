package news.enricher.extract;

/**
 * How one URL occurrence is embedded in its text, found by bounded scans around it.
 *
 * @param kind      the syntax the URL is part of
 * @param linkText  the anchor text to report, or null
 * @param textStart start of the anchor text region (inclusive), or -1 when there is none
 * @param textEnd   end of the anchor text region (exclusive), or -1
 * @param label     normalized label of a reference definition, otherwise null
 */
record LinkContext(Kind kind, String linkText, int textStart, int textEnd, String label) {

    enum Kind {
        /** Bare URL or autolink: no anchor text. */
        PLAIN,
        /** {@code [text](url)}. */
        INLINE,
        /** {@code <a href="url">text</a>}. */
        HTML,
        /** {@code [label]: url}. */
        DEFINITION
    }

    static final LinkContext PLAIN = new LinkContext(Kind.PLAIN, null, -1, -1, null);

    /**
     * The anchor text region: robinhood URLs inside it are part of this link's text, not links of their own.
     */
    boolean hasTextRegion() {
        return textStart >= 0;
    }

    static LinkContext around(String text, RobinhoodUrl url) {
        LinkContext context = inlineLink(text, url.start());
        if (context == null) {
            context = referenceDefinition(text, url.start());
        }
        if (context == null) {
            context = htmlAnchor(text, url);
        }
        return context == null ? PLAIN : context;
    }

    /** {@code [text](url)}, also with {@code <url>} and spaces after the parenthesis. */
    private static LinkContext inlineLink(String text, int urlStart) {
        int p = skipPointyBracket(text, urlStart);
        p = Chars.skipSpacesBackward(text, p);
        if (p < 2 || text.charAt(p - 1) != '(' || text.charAt(p - 2) != ']' || Markdown.isEscaped(text, p - 2)) {
            return null;
        }
        int close = p - 2;
        int open = Markdown.openingBracket(text, close);
        if (open < 0) {
            return null;
        }
        String linkText = Markdown.anchorText(text.substring(open + 1, close));
        return new LinkContext(Kind.INLINE, linkText, open + 1, close, null);
    }

    /** {@code [label]: url} at the start of a line (up to three spaces of indentation). */
    private static LinkContext referenceDefinition(String text, int urlStart) {
        int p = skipPointyBracket(text, urlStart);
        p = Chars.skipSpacesBackward(text, p);
        if (p < 2 || text.charAt(p - 1) != ':' || text.charAt(p - 2) != ']' || Markdown.isEscaped(text, p - 2)) {
            return null;
        }
        int close = p - 2;
        // A label holds no unescaped brackets, so the first one met decides.
        for (int i = close - 1; i >= 0 && close - i <= Markdown.MAX_LABEL + 1; i--) {
            char c = text.charAt(i);
            if ((c == '[' || c == ']') && !Markdown.isEscaped(text, i)) {
                if (c == ']' || !Markdown.startsLine(text, i)) {
                    return null;
                }
                String label = Markdown.normalizeLabel(text.subSequence(i + 1, close));
                return label.isEmpty() ? null : new LinkContext(Kind.DEFINITION, null, -1, -1, label);
            }
        }
        return null;
    }

    /** {@code <a ... href="url" ...>text</a>}, with either quote or none, in any attribute order. */
    private static LinkContext htmlAnchor(String text, RobinhoodUrl url) {
        int valueStart = url.start();
        if (!RobinhoodUrl.isHrefValue(text, valueStart) || !Html.inAnchorStartTag(text, valueStart)) {
            return null;
        }
        char before = text.charAt(valueStart - 1);
        char quote = before == '"' || before == '\'' ? before : 0;
        int tagEnd = Html.endOfStartTag(text, url.end(), quote);
        int contentEnd = tagEnd < 0 ? -1 : Html.endOfContent(text, tagEnd + 1);
        if (contentEnd < 0) {
            return null;
        }
        String content = Html.textContent(text, tagEnd + 1, contentEnd);
        return new LinkContext(Kind.HTML, Markdown.anchorText(content), tagEnd + 1, contentEnd, null);
    }

    private static int skipPointyBracket(String text, int urlStart) {
        return urlStart > 0 && text.charAt(urlStart - 1) == '<' ? urlStart - 1 : urlStart;
    }
}
