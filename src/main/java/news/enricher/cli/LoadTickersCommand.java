package news.enricher.cli;

import news.enricher.config.EnricherConfig;
import news.enricher.provision.TopicProvisioner;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "load-tickers", mixinStandardHelpOptions = true,
        description = {"Upserts the reference table into the compacted reference topic, keyed by canonical symbol "
                + "(crypto as crypto:SYM). Running enrichers see the change without a restart."})
final class LoadTickersCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Reference CSV. Default: config/tickers.csv, else the copy in the jar.")
    Path file;

    @Option(names = "--prune", description = "Also delete (tombstone) symbols in the topic that are not in the file.")
    boolean prune;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EnricherConfig config = client.config();
        List<TickerRow> rows = ReferenceTable.load(file);
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, config).ensureFixedTopics();
        }
        ReferenceTopicWriter.Result result = new ReferenceTopicWriter(config.clientProperties(),
                config.referenceTopic()).write(rows, prune);
        spec.commandLine().getOut().printf("Loaded %d tickers into %s%s%n", result.upserted(), config.referenceTopic(),
                prune ? ", deleted " + result.deleted() + " no longer in the file" : "");
        spec.commandLine().getOut().flush();
        return 0;
    }

}
