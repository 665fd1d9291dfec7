package news.enricher.extract;

import java.util.Locale;
import java.util.Optional;

/**
 * The ticker symbol grammar: 1 to 6 ASCII letters or digits, optionally followed by a class suffix of 1 or 2 letters
 * written with {@code .}, {@code -} or {@code /}. The canonical form is upper case with a {@code .} separator.
 */
final class Symbols {

    static final int MAX_BASE_LENGTH = 6;
    static final int MAX_CLASS_LENGTH = 2;

    private Symbols() {
    }

    /** Percent-decodes {@code raw} and applies the grammar; empty when it is not a symbol. */
    static Optional<String> canonical(String raw) {
        String decoded = percentDecode(raw);
        return decoded == null ? Optional.empty() : canonicalDecoded(decoded);
    }

    /**
     * Decodes {@code %XX} escapes. Returns null for a malformed escape, and for any escape outside ASCII: no such byte
     * can be part of a symbol, so there is no need to assemble UTF-8 sequences.
     */
    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int value = i + 2 < raw.length() ? hexByte(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
            if (value < 0 || value >= 0x80) {
                return null;
            }
            out.append((char) value);
            i += 2;
        }
        return out.toString();
    }

    private static Optional<String> canonicalDecoded(String s) {
        int baseEnd = 0;
        while (baseEnd < s.length() && baseEnd <= MAX_BASE_LENGTH && Chars.isAsciiLetterOrDigit(s.charAt(baseEnd))) {
            baseEnd++;
        }
        if (baseEnd == 0 || baseEnd > MAX_BASE_LENGTH) {
            return Optional.empty();
        }
        String base = s.substring(0, baseEnd).toUpperCase(Locale.ROOT);
        if (baseEnd == s.length()) {
            return Optional.of(base);
        }
        char separator = s.charAt(baseEnd);
        String suffix = s.substring(baseEnd + 1);
        if ((separator != '.' && separator != '-' && separator != '/')
                || suffix.isEmpty() || suffix.length() > MAX_CLASS_LENGTH
                || !suffix.chars().allMatch(c -> Chars.isAsciiLetter((char) c))) {
            return Optional.empty();
        }
        return Optional.of(base + '.' + suffix.toUpperCase(Locale.ROOT));
    }

    private static int hexByte(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        // Character.digit also accepts non-ASCII digits (e.g. fullwidth); a URL escape may only use ASCII hex.
        if (h < 0 || l < 0 || high > 'f' || low > 'f') {
            return -1;
        }
        return h * 16 + l;
    }
}
