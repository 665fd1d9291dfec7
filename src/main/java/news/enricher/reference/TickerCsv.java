package news.enricher.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the reference table {@code config/tickers.csv} (built by {@code scripts/build-tickers.py}).
 *
 * <p>Format: UTF-8 (a leading byte-order mark is ignored), RFC 4180 — fields separated by commas, a field may be
 * quoted with {@code "}, a quote inside a quoted field is doubled, quoted fields may contain commas and line
 * breaks; records end with CRLF, LF or CR, the last one optionally without. The header
 * {@code symbol,name,exchange,sector,industry,country,asset_class} is required. Empty lines are ignored.
 * Empty fields become {@code null}; fields are not trimmed.
 *
 * <p>Each record must have 7 fields, a canonical symbol ({@link ReferenceKeys#isCanonicalSymbol}) and an
 * asset_class of {@code equity}, {@code etf} or {@code crypto}; otherwise reading fails with an
 * {@link IllegalArgumentException} naming the line the record starts on (the header is line 1).
 */
public final class TickerCsv {

    /** The required header, in order. */
    public static final List<String> HEADER =
            List.of("symbol", "name", "exchange", "sector", "industry", "country", "asset_class");

    private static final Set<String> ASSET_CLASSES = Set.of(TickerRow.EQUITY, TickerRow.ETF, TickerRow.CRYPTO);

    private TickerCsv() {
    }

    /**
     * Parses the CSV (header required, RFC 4180 quotes, CRLF or LF); throws IllegalArgumentException with line
     * number for malformed rows (wrong column count, bad asset_class, symbol not canonical).
     *
     * @throws UncheckedIOException if reading fails
     */
    public static List<TickerRow> read(Reader in) {
        try {
            return parse(new Parser(in instanceof BufferedReader ? in : new BufferedReader(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a CSV file in UTF-8, as {@link #read(Reader)}; error messages start with the file name.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<TickerRow> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<TickerRow> parse(Parser parser) throws IOException {
        List<String> header = parser.next();
        if (header == null) {
            throw new IllegalArgumentException("line 1: empty input, expected header " + String.join(",", HEADER));
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        if (!header.equals(HEADER)) {
            throw new IllegalArgumentException("line " + parser.recordLine() + ": expected header "
                    + String.join(",", HEADER) + ", found " + String.join(",", header));
        }
        List<TickerRow> rows = new ArrayList<>();
        for (List<String> fields = parser.next(); fields != null; fields = parser.next()) {
            rows.add(toRow(fields, parser.recordLine()));
        }
        return rows;
    }

    private static TickerRow toRow(List<String> fields, long line) {
        if (fields.size() != HEADER.size()) {
            throw new IllegalArgumentException("line " + line + ": expected " + HEADER.size() + " columns, found "
                    + fields.size());
        }
        TickerRow row = new TickerRow(fields.get(0), fields.get(1), fields.get(2), fields.get(3), fields.get(4),
                fields.get(5), fields.get(6));
        if (!ReferenceKeys.isCanonicalSymbol(row.symbol())) {
            throw new IllegalArgumentException("line " + line + ": symbol '" + fields.get(0)
                    + "' is not canonical (1-6 upper-case letters or digits, optionally '.' and 1-2 letters)");
        }
        if (row.assetClass() == null || !ASSET_CLASSES.contains(row.assetClass())) {
            throw new IllegalArgumentException("line " + line + ": asset_class '" + fields.get(6)
                    + "' is not one of equity, etf, crypto");
        }
        return row;
    }

    /** RFC 4180 record reader over a character stream, tracking physical line numbers. */
    private static final class Parser {
        private static final int EOF = -1;

        private final Reader in;
        private int pushedBack = Integer.MIN_VALUE;
        private long line = 1;
        private long recordLine;

        Parser(Reader in) {
            this.in = in;
        }

        /** The line the last record returned by {@link #next()} started on. */
        long recordLine() {
            return recordLine;
        }

        /** The next record's fields, or null at end of input. Empty lines are skipped. */
        List<String> next() throws IOException {
            int c = read();
            while (c == '\r' || c == '\n') { // empty lines
                endOfLine(c);
                c = read();
            }
            if (c == EOF) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            while (true) {
                if (c == '"' && field.length() == 0) {
                    c = readQuoted(field);
                } else {
                    while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                        if (c == '"') {
                            throw new IllegalArgumentException("line " + line + ": quote inside an unquoted field");
                        }
                        field.append((char) c);
                        c = read();
                    }
                }
                fields.add(field.toString());
                field.setLength(0);
                if (c == ',') {
                    c = read();
                    continue;
                }
                endOfLine(c);
                return fields;
            }
        }

        /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
        private int readQuoted(StringBuilder field) throws IOException {
            while (true) {
                int c = read();
                if (c == EOF) {
                    throw new IllegalArgumentException("line " + recordLine + ": unterminated quoted field");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                        continue;
                    }
                    if (after != ',' && after != '\r' && after != '\n' && after != EOF) {
                        throw new IllegalArgumentException("line " + line + ": unexpected character after closing quote");
                    }
                    return after;
                }
                if (c == '\n' || c == '\r') {
                    field.append((char) c);
                    if (c == '\r') {
                        int after = read();
                        if (after == '\n') {
                            field.append('\n');
                        } else {
                            unread(after);
                        }
                    }
                    line++;
                    continue;
                }
                field.append((char) c);
            }
        }

        /** Consumes the line break starting with {@code c} (CR, LF or CRLF); no-op at end of input. */
        private void endOfLine(int c) throws IOException {
            if (c == '\r') {
                int after = read();
                if (after != '\n') {
                    unread(after);
                }
            }
            if (c != EOF) {
                line++;
            }
        }

        private int read() throws IOException {
            if (pushedBack != Integer.MIN_VALUE) {
                int c = pushedBack;
                pushedBack = Integer.MIN_VALUE;
                return c;
            }
            return in.read();
        }

        private void unread(int c) {
            pushedBack = c;
        }
    }
}
