package news.enricher.cli;

import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the reference table CSV: the given file, else {@code config/tickers.csv}, else the copy inside the jar. */
final class ReferenceTable {

    static final Path DEFAULT_FILE = Path.of("config", "tickers.csv");
    static final String BUNDLED = "/reference/tickers.csv";

    private ReferenceTable() {
    }

    static List<TickerRow> load(Path file) {
        if (file != null) {
            return TickerCsv.read(file);
        }
        if (Files.isRegularFile(DEFAULT_FILE)) {
            return TickerCsv.read(DEFAULT_FILE);
        }
        InputStream bundled = ReferenceTable.class.getResourceAsStream(BUNDLED);
        if (bundled == null) {
            throw new IllegalArgumentException("No reference table: " + DEFAULT_FILE + " is missing; pass --tickers FILE");
        }
        try (Reader in = new InputStreamReader(bundled, StandardCharsets.UTF_8)) {
            return TickerCsv.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
