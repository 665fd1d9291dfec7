package news.enricher.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer for writing JSON text directly as UTF-8 bytes, for output assembled from pieces (an input's own
 * bytes, pre-rendered reference rows, a few strings) where a generator would only add a copy. Strings are escaped as
 * the project's mapper escapes them: {@code "}, {@code \} and control characters; everything else is written as
 * UTF-8, characters outside the BMP (emoji) included, where Jackson's default writes an escaped surrogate pair. A
 * lone surrogate, which UTF-8 cannot encode, is written as its {@code \}{@code uXXXX} escape.
 */
public final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int size;

    public JsonBytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int size() {
        return size;
    }

    /** Forgets what was written, keeping the buffer for the next piece. */
    public JsonBytes reset() {
        size = 0;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Copies {@code length} written bytes from {@code from} into {@code dest} at {@code at}. */
    public void copyTo(int from, byte[] dest, int at, int length) {
        System.arraycopy(buf, from, dest, at, length);
    }

    public JsonBytes raw(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    public JsonBytes raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    public JsonBytes raw(byte[] bytes, int from, int length) {
        ensure(length);
        System.arraycopy(bytes, from, buf, size, length);
        size += length;
        return this;
    }

    /** ASCII text that needs no escaping: field names with their quotes and colon, punctuation. */
    public JsonBytes ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    public JsonBytes number(long value) {
        return ascii(Long.toString(value));
    }

    /** A JSON string, or {@code null} for a null value. */
    public JsonBytes string(String value) {
        if (value == null) {
            return ascii("null");
        }
        int n = value.length();
        ensure(n * 3 + 2);
        buf[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    buf[size++] = (byte) c;
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                buf[size++] = (byte) (0xF0 | (cp >> 18));
                buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                ensure(6 + (n - i) * 3);
                unicodeEscape(c);
            } else {
                buf[size++] = (byte) (0xE0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        ensure(1);
        buf[size++] = '"';
        return this;
    }

    private void escape(char c) {
        ensure(6);
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm != 0) {
            buf[size++] = '\\';
            buf[size++] = (byte) shortForm;
        } else {
            unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        buf[size++] = '\\';
        buf[size++] = 'u';
        buf[size++] = HEX[(c >> 12) & 0xF];
        buf[size++] = HEX[(c >> 8) & 0xF];
        buf[size++] = HEX[(c >> 4) & 0xF];
        buf[size++] = HEX[c & 0xF];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
