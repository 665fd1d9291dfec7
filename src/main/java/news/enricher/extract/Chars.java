package news.enricher.extract;

/** Character classes shared by the scanners; letters are ASCII-strict on purpose (see {@link #matchesIgnoreCase}). */
final class Chars {

    /** Longest run of spaces the scanners step over between syntax tokens; keeps every look-around bounded. */
    static final int MAX_GAP = 16;

    private static final String TERMINATORS = "<>\"'`()[]{}|\\^\u201C\u201D\u2018\u2019\u00AB\u00BB";
    private static final String TRAILING_PUNCTUATION = ".,:;!*_~";

    private Chars() {
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    /** A character that cannot belong to a URL written in running text, so it ends one. */
    static boolean isTerminator(char c) {
        return isSpace(c) || TERMINATORS.indexOf(c) >= 0;
    }

    /** Punctuation that ends a sentence or clause right after a bare URL and is therefore not part of it. */
    static boolean isTrailingPunctuation(char c) {
        return TRAILING_PUNCTUATION.indexOf(c) >= 0;
    }

    /**
     * Case-insensitive match of a lower-case ASCII pattern. {@code String.regionMatches(true, ...)} is not used because
     * its Unicode case folding would let {@code robınhood.com} (dotless i) or {@code robİnhood.com} pass for the host.
     */
    static boolean matchesIgnoreCase(String text, int offset, String lowerAscii) {
        if (offset < 0 || offset + lowerAscii.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < lowerAscii.length(); i++) {
            char actual = text.charAt(offset + i);
            char expected = lowerAscii.charAt(i);
            if (actual != expected && !(expected >= 'a' && expected <= 'z' && actual == expected - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    /** Steps back over at most {@link #MAX_GAP} spaces ending just before {@code end}; returns the new end. */
    static int skipSpacesBackward(String text, int end) {
        int p = end;
        while (p > 0 && end - p < MAX_GAP && isSpace(text.charAt(p - 1))) {
            p--;
        }
        return p;
    }
}
