package news.enricher.cli;

import news.enricher.bench.BenchCommand;
import news.enricher.service.Failures;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

/** Entry point of {@code news-enricher.jar}: only dispatches to the sub-commands. */
@Command(name = "news-enricher", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Enriches raw news articles with the tickers they link to and publishes them per theme.",
        subcommands = {RunCommand.class, DemoCommand.class, EnrichCommand.class, LoadTickersCommand.class,
                ProduceCommand.class, TailCommand.class, TrendsCommand.class, AclsCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // Standard output carries data (JSON lines) and must be UTF-8 whatever the platform default.
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        // A failure is one readable line and a non-zero exit, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("news-enricher " + commandLine.getCommandName() + " failed: "
                    + Failures.describe(e));
            commandLine.getErr().flush();
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"news-enricher " + (v == null ? "dev" : v)};
        }
    }
}
