package news.enricher.extract;

import java.util.Locale;

/** The few pieces of CommonMark link syntax the extractor needs, each with a bounded scan. */
final class Markdown {

    /** Longest anchor text looked for; also bounds every backward bracket scan. */
    static final int MAX_LINK_TEXT = 500;

    /** CommonMark's own limit for a link label. */
    static final int MAX_LABEL = 999;

    private Markdown() {
    }

    /** A backslash right before a bracket makes it literal. (Escaped backslashes are not tracked: rare enough.) */
    static boolean isEscaped(String text, int i) {
        return i > 0 && text.charAt(i - 1) == '\\';
    }

    /**
     * Finds the {@code [} opening the link text that the {@code ]} at {@code close} ends, scanning back at most
     * {@link #MAX_LINK_TEXT} characters. Balanced brackets inside are allowed; a blank line or a complete inline link
     * ({@code ](}) stops the scan, because link text spans neither a paragraph break nor another link.
     *
     * @return the index of the {@code [}, or -1
     */
    static int openingBracket(String text, int close) {
        int depth = 0;
        boolean blankSinceNewline = false;
        for (int i = close - 1; i >= 0 && close - i <= MAX_LINK_TEXT + 1; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (blankSinceNewline) {
                    return -1;
                }
                blankSinceNewline = true;
            } else if (!Chars.isSpace(c)) {
                blankSinceNewline = false;
            }
            if (c == '(' && i > 0 && text.charAt(i - 1) == ']') {
                return -1;
            }
            if (c == ']' && !isEscaped(text, i)) {
                depth++;
            } else if (c == '[' && !isEscaped(text, i)) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    /** Whether the {@code [} at {@code open} starts a line, allowing up to three spaces of indentation. */
    static boolean startsLine(String text, int open) {
        int p = open;
        while (p > 0 && open - p < 4 && text.charAt(p - 1) == ' ') {
            p--;
        }
        return open - p <= 3 && (p == 0 || text.charAt(p - 1) == '\n');
    }

    /** CommonMark label matching: case-insensitive, surrounding whitespace ignored, inner runs collapsed. */
    static String normalizeLabel(CharSequence raw) {
        StringBuilder out = new StringBuilder(raw.length());
        boolean pendingSpace = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Chars.isSpace(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The anchor text to report for a link: trimmed, or null when blank or when the text is itself a URL
     * ({@code [https://robinhood.com/stocks/MU](https://robinhood.com/stocks/MU)}): a URL says nothing about the name.
     */
    static String anchorText(String raw) {
        String text = raw.strip();
        return text.isEmpty() || looksLikeUrl(text) ? null : text;
    }

    private static boolean looksLikeUrl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Chars.isSpace(text.charAt(i))) {
                return false;
            }
        }
        return Chars.matchesIgnoreCase(text, 0, "http://") || Chars.matchesIgnoreCase(text, 0, "https://")
                || text.startsWith("//") || Chars.matchesIgnoreCase(text, 0, "www.")
                || Chars.matchesIgnoreCase(text, 0, RobinhoodUrl.HOST);
    }
}
