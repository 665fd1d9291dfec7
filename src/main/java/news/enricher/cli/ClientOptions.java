package news.enricher.cli;

import news.enricher.config.ConfigLoader;
import news.enricher.config.EnricherConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that talk to a running cluster: where it is and how to authenticate. */
final class ClientOptions {

    /** Where `run` puts its embedded broker when no cluster is configured, so the tools find it by default. */
    static final String EMBEDDED_DEFAULT = "localhost:9092";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (bootstrap.servers, security settings, topic names); "
                    + "ENRICHER_* environment variables override it.")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Overrides bootstrap.servers. Default: the configured one, else " + EMBEDDED_DEFAULT + ".")
    String bootstrapServers;

    EnricherConfig config() {
        EnricherConfig config = ConfigLoader.load(configFile, System.getenv());
        if (bootstrapServers != null) {
            return config.with(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return config.bootstrapServers().isPresent() ? config
                : config.with(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, EMBEDDED_DEFAULT);
    }

}
