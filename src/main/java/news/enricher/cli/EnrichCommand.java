package news.enricher.cli;

import news.enricher.config.ConfigLoader;
import news.enricher.config.EnricherConfig;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.reference.TickerRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "enrich", mixinStandardHelpOptions = true,
        description = {"Runs the enricher topology offline (no broker) over JSON lines and prints every output record "
                + "as one JSON object per line: {\"topic\", \"key\", \"value\", \"headers\"}."})
final class EnrichCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "JSON lines, one raw article per line; '-' reads standard input. Blank lines are skipped.")
    String input;

    @Option(names = "--tickers", paramLabel = "FILE",
            description = "Reference table CSV; '-' is not allowed. Default: config/tickers.csv, else the copy in the jar.")
    Path tickers;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (topic names, themes).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        EnricherConfig config = ConfigLoader.load(configFile, System.getenv());
        List<TickerRow> rows = ReferenceTable.load(tickers);
        PrintWriter out = spec.commandLine().getOut();
        try (OfflineEnricher enricher = new OfflineEnricher(config, rows, Clock.systemUTC());
             InputStream in = "-".equals(input) ? System.in : Files.newInputStream(Path.of(input))) {
            JsonLines.forEach(in, line -> {
                for (OutputRecord record : enricher.enrich(null, line)) {
                    RecordPrinter.print(out, record, record.topic().equals(config.deadLetterTopic()));
                }
            });
        } finally {
            out.flush();
        }
        return 0;
    }
}
