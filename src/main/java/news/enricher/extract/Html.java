package news.enricher.extract;

import java.util.Map;

/** The HTML side: locating an {@code <a>} element around an href value and reading its text, all bounded. */
final class Html {

    /** Longest start tag looked through, in either direction from the href value. */
    static final int MAX_TAG = 500;

    private Html() {
    }

    /** Whether the href value at {@code valueStart} sits in an {@code <a ...>} start tag. */
    static boolean inAnchorStartTag(String text, int valueStart) {
        for (int i = valueStart - 1; i >= 0 && valueStart - i <= MAX_TAG; i--) {
            char c = text.charAt(i);
            if (c == '>') {
                return false;
            }
            if (c == '<') {
                return i + 2 < text.length()
                        && (text.charAt(i + 1) == 'a' || text.charAt(i + 1) == 'A')
                        && Chars.isSpace(text.charAt(i + 2));
            }
        }
        return false;
    }

    /**
     * The index of the {@code >} closing the start tag, scanning from {@code from} inside the href value (whose
     * opening quote is {@code quote}, or 0 when unquoted). Quoted attribute values may hold {@code >}; a {@code <}
     * anywhere means the markup is broken and the scan gives up. Returns -1 when not found within {@link #MAX_TAG}.
     */
    static int endOfStartTag(String text, int from, char quote) {
        char inQuote = quote;
        for (int i = from; i < text.length() && i - from <= MAX_TAG; i++) {
            char c = text.charAt(i);
            if (c == '<') {
                return -1;
            }
            if (inQuote != 0) {
                if (c == inQuote) {
                    inQuote = 0;
                }
            } else if (c == '"' || c == '\'') {
                inQuote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the {@code </a>} ending the element content that starts at {@code from}, or -1 when there is none
     * within {@link Markdown#MAX_LINK_TEXT} characters or another {@code <a} starts first.
     */
    static int endOfContent(String text, int from) {
        for (int i = from; i < text.length() && i - from <= Markdown.MAX_LINK_TEXT; i++) {
            if (text.charAt(i) != '<') {
                continue;
            }
            if (Chars.matchesIgnoreCase(text, i, "</a") && isNameEnd(text, i + 3)) {
                return i;
            }
            if (Chars.matchesIgnoreCase(text, i, "<a") && isNameEnd(text, i + 2)) {
                return -1;
            }
        }
        return -1;
    }

    /** Element content as text: tags dropped, basic entities decoded, whitespace collapsed as a browser would. */
    static String textContent(String text, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '<') {
                while (i < to && text.charAt(i) != '>') {
                    i++;
                }
                i++;
                continue;
            }
            String decoded = c == '&' ? entityAt(text, i, to) : null;
            if (decoded != null) {
                i += decoded.length();
                c = ENTITIES.get(decoded);
            } else {
                i++;
            }
            if (!Chars.isSpace(c)) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        return out.toString();
    }

    /** The handful of entities common in anchor text; anything else is kept as written. */
    private static final Map<String, Character> ENTITIES = Map.of(
            "&amp;", '&', "&lt;", '<', "&gt;", '>', "&quot;", '"', "&#39;", '\'', "&nbsp;", '\u00A0');

    private static String entityAt(String text, int at, int to) {
        for (String entity : ENTITIES.keySet()) {
            if (at + entity.length() <= to && text.startsWith(entity, at)) {
                return entity;
            }
        }
        return null;
    }

    private static boolean isNameEnd(String text, int i) {
        return i == text.length() || text.charAt(i) == '>' || Chars.isSpace(text.charAt(i));
    }
}
