package news.enricher.cli;

import news.enricher.acl.Denials;
import news.enricher.config.ConfigLoader;
import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.service.EnricherService;
import news.enricher.service.Failures;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the enricher service. Without bootstrap.servers it first starts an embedded "
                + "single-node Kafka broker on localhost:9092 with its data under ./data/."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: Kafka Streams/client settings and enricher.* keys. "
                    + "ENRICHER_* environment variables override it.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        EnricherConfig config = ConfigLoader.load(configFile, System.getenv());
        EmbeddedKafkaBroker broker = null;
        try {
            if (config.bootstrapServers().isEmpty()) {
                Path dataDir = Path.of(config.embeddedDataDir());
                LOG.info("No bootstrap.servers configured: starting an embedded Kafka broker on localhost:{} "
                        + "(data under {})", config.embeddedPort(), dataDir.toAbsolutePath());
                broker = EmbeddedKafkaBroker.builder()
                        .port(config.embeddedPort())
                        .dataDir(dataDir)
                        .build()
                        .start();
                LOG.info("Embedded Kafka broker ready at {}: crawlers can produce to it now",
                        broker.bootstrapServers());
                config = config.with(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                if (!config.asMap().containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
                    config = config.with(StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toString());
                }
            }
            LOG.info("Connecting to {} as application.id={}", config.bootstrapServers().orElseThrow(),
                    config.applicationId());
            return runService(config);
        } finally {
            if (broker != null) {
                broker.stop();
            }
        }
    }

    private static int runService(EnricherConfig config) throws InterruptedException {
        EnricherService service;
        try {
            service = new EnricherService(config).start();
        } catch (RuntimeException e) {
            LOG.error("Cannot start the enricher: {}", Denials.explain(e, config).orElseGet(() -> Failures.describe(e)));
            return 2;
        }
        ShutdownSignals signals = ShutdownSignals.install();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try {
            // Whichever comes first: a stop signal, or the client stopping by itself after a fatal error.
            watcher.execute(() -> {
                try {
                    service.awaitStop(java.time.Duration.ofDays(365 * 100L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                signals.requested().countDown();
            });
            signals.requested().await();
        } finally {
            watcher.shutdownNow();
            watcher.awaitTermination(1, TimeUnit.SECONDS);
        }
        Throwable fatal = service.fatalError();
        boolean failed = fatal != null || service.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR;
        LOG.info(failed ? "Stopping after a fatal error" : "Stop requested, closing the streams client");
        service.close();
        Optional<String> denied = fatal == null ? Optional.empty() : Denials.explain(fatal, config);
        if (denied.isPresent()) {
            // Like bad credentials: the cluster refuses us, and only an operator changing an ACL can fix it.
            LOG.error("The enricher stopped: {}", denied.get());
            return 2;
        }
        if (failed) {
            LOG.error("The enricher stopped with an error: {}",
                    fatal == null ? "the streams client entered ERROR" : Failures.describe(fatal));
            return 1;
        }
        LOG.info("Stopped cleanly");
        return 0;
    }
}
