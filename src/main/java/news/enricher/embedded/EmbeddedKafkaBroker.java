package news.enricher.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) running inside this JVM.
 *
 * <p>Used by the {@code run}/{@code demo} commands when no {@code bootstrap.servers} is configured, and by the
 * integration tests. It only ever binds {@code 127.0.0.1}.
 *
 * <p>Ports are chosen when the broker is built, not when it is started, so that {@link #stop()} followed by
 * {@link #start()} comes back on the same address with the same data. Kafka's own files live in
 * {@code <dataDir>/kafka-logs}, so the rest of a caller-supplied data directory is left alone.
 *
 * <p>Instances are thread-safe; {@code start}, {@code stop} and {@code close} are serialised.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String KAFKA_LOGS = "kafka-logs";
    private static final String PLAIN = "PLAIN";
    /** The broker's own identity on a SASL listener; it talks to itself, e.g. to write transaction markers. */
    private static final String INTERNAL_USER = "embedded-broker";
    /** Kafka's JAAS parser reads {@code user_<name>} as one word token. */
    private static final Pattern SASL_USER_NAME = Pattern.compile("[A-Za-z0-9._$-]+");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final int port;
    private final int controllerPort;
    private final Path configuredDataDir;
    private final Map<String, String> extraProperties;
    private final Map<String, String> saslUsers;
    private final List<String> formatArguments;
    private final Map<String, Object> probeSecurity;
    /** Generated per instance: it never leaves this process and needs to survive only a stop/start cycle. */
    private final String internalPassword;

    private Path dataDir;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder builder) {
        this.port = builder.port == 0 ? freePort() : builder.port;
        int controller = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
        // Two consecutive ephemeral picks are practically never equal, but a clash would be a confusing failure.
        while (builder.controllerPort == 0 && controller == this.port) {
            controller = freePort();
        }
        this.controllerPort = controller;
        if (this.port == this.controllerPort) {
            throw new IllegalArgumentException("Broker and controller ports must differ, both are " + port);
        }
        this.configuredDataDir = builder.dataDir;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.saslUsers = builder.saslUsers == null ? null : Map.copyOf(builder.saslUsers);
        this.formatArguments = List.copyOf(builder.formatArguments);
        this.probeSecurity = Map.copyOf(builder.probeSecurity);
        this.internalPassword = Uuid.randomUuid().toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the storage if it has not been formatted yet, starts the broker and returns once it answers
     * client requests.
     *
     * @throws IllegalStateException if the broker cannot start, e.g. because one of its ports is taken
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("Embedded Kafka broker on " + bootstrapServers() + " is closed");
        }
        if (server != null) {
            return this;
        }
        // Checked before touching the disk or starting any Kafka thread: a taken port then fails cleanly, and
        // with a message naming the port rather than the socket server's generic bind error.
        ensurePortFree(port, "broker");
        ensurePortFree(controllerPort, "controller");

        long startedAt = System.nanoTime();
        KafkaRaftServer starting = null;
        try {
            Path logDir = logDir();
            Properties props = brokerProperties(logDir);
            formatIfNeeded(props, logDir);
            KafkaConfig config = new KafkaConfig(props, false);
            starting = new KafkaRaftServer(config, Time.SYSTEM);
            starting.startup();
            awaitReady();
        } catch (RuntimeException | IOException e) {
            shutDownQuietly(starting);
            throw new IllegalStateException("Embedded Kafka broker could not start on " + bootstrapServers()
                    + " (controller port " + controllerPort + "): " + describe(e), e);
        }
        server = starting;
        LOG.info("Embedded Kafka broker listening on {} (data in {}), ready after {} ms", bootstrapServers(),
                dataDir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return this;
    }

    /** The client listener, {@code 127.0.0.1:<port>}; the same before and after a restart. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /**
     * What a client needs to reach this broker: {@code bootstrap.servers}, and with SASL the protocol and
     * mechanism. Credentials ({@code sasl.jaas.config}) are deliberately left to the caller. The returned map is
     * a fresh, mutable copy.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (saslUsers != null) {
            props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            props.put(SaslConfigs.SASL_MECHANISM, PLAIN);
        }
        return props;
    }

    /** The {@code sasl.jaas.config} value for a PLAIN client with these credentials. */
    public static String plainJaasConfig(String username, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username="
                + quote(username) + " password=" + quote(password) + ";";
    }

    /** Shuts the broker down cleanly and keeps its data, so that {@link #start()} can bring it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long stoppingAt = System.nanoTime();
        shutDownQuietly(server);
        server = null;
        LOG.info("Embedded Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt));
    }

    /** Stops the broker and deletes its data directory if that was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (configuredDataDir == null && dataDir != null) {
            deleteRecursively(dataDir);
        }
    }

    private Path logDir() throws IOException {
        if (dataDir == null) {
            dataDir = configuredDataDir != null
                    ? configuredDataDir.toAbsolutePath()
                    : Files.createTempDirectory("embedded-kafka-");
        }
        return Files.createDirectories(dataDir.resolve(KAFKA_LOGS));
    }

    private Properties brokerProperties(Path logDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A dynamic (KIP-853) quorum, formatted as --standalone; controller.quorum.voters must stay unset.
        p.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT," + CLIENT_LISTENER + ":"
                + (saslUsers == null ? "PLAINTEXT" : "SASL_PLAINTEXT"));
        if (saslUsers != null) {
            // One authenticated listener for clients and for the broker itself, so that no unauthenticated
            // port is opened next to it. The controller listener is only used by the broker inside this JVM.
            String prefix = "listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT) + ".";
            p.put("sasl.enabled.mechanisms", PLAIN);
            p.put("sasl.mechanism.inter.broker.protocol", PLAIN);
            p.put(prefix + "plain.sasl.jaas.config", serverJaasConfig());
        }
        p.put("log.dirs", logDir.toString());

        // A single replica: internal topics cannot ask for more, or groups and transactions never work.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Nobody else is going to join: do not make the first consumer group wait 3 s for them.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates this up front (128 MiB by default) in our own heap; compaction of a dev
        // broker's changelog topics needs far less.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // Turns a broker that can never catch up with its metadata into an error instead of a hang.
        p.put("server.max.startup.time.ms", String.valueOf(STARTUP_TIMEOUT.toMillis()));

        p.putAll(extraProperties);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private String serverJaasConfig() {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=").append(quote(INTERNAL_USER))
                .append(" password=").append(quote(internalPassword))
                .append(" user_").append(INTERNAL_USER).append('=').append(quote(internalPassword));
        saslUsers.forEach((user, password) ->
                jaas.append(" user_").append(user).append('=').append(quote(password)));
        return jaas.append(';').toString();
    }

    /**
     * Formats like {@code kafka-storage.sh format --standalone --ignore-formatted}: a directory that already
     * holds {@code meta.properties} is left as it is, which is what keeps data across restarts.
     *
     * <p>Goes through the storage tool's non-exiting entry point rather than {@code Formatter}: the classes behind
     * it (kafka-metadata, kafka-raft, kafka-server) are only runtime dependencies of {@code kafka_2.13}.
     */
    private void formatIfNeeded(Properties props, Path logDir) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        // The tool only reads a file. It may hold SASL passwords, so it is owner-only and deleted right away.
        Path configFile = Files.createTempFile(dataDir, "format-", ".properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                props.store(writer, "embedded broker, for kafka-storage format");
            }
            List<String> args = new ArrayList<>(List.of(
                    "format", "--standalone", "--ignore-formatted",
                    "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString()));
            args.addAll(formatArguments);
            int status;
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                status = StorageTool$.MODULE$.execute(args.toArray(String[]::new), out);
            }
            if (status != 0) {
                throw new IllegalStateException("kafka-storage format exited with " + status + ": "
                        + output.toString(StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(configFile);
        }
        LOG.info("Formatted Kafka storage in {}", logDir);
    }

    /** Polls until the broker answers a client and reports itself as a live node. */
    private void awaitReady() {
        Map<String, Object> props = clientProperties();
        if (saslUsers != null) {
            props.put(SaslConfigs.SASL_JAAS_CONFIG, plainJaasConfig(INTERNAL_USER, internalPassword));
        }
        props.putAll(probeSecurity);
        int probeMs = (int) PROBE_TIMEOUT.toMillis();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, probeMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, probeMs);
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-readiness");

        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                try {
                    DescribeClusterResult cluster = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs(probeMs));
                    cluster.clusterId().get(probeMs, TimeUnit.MILLISECONDS);
                    if (cluster.nodes().get(probeMs, TimeUnit.MILLISECONDS).stream()
                            .anyMatch(node -> node.id() == NODE_ID)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the broker to start", e);
                }
            }
        }
        throw new IllegalStateException("the broker did not answer within " + STARTUP_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : ", last error: " + describe(last)), last);
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker did not shut down cleanly", e);
        }
    }

    private static void ensurePortFree(int port, String role) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new IllegalStateException("Embedded Kafka broker cannot start: " + role + " port " + port
                    + " on " + HOST + " is already in use (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Asks the OS for a free ephemeral port. Racy by nature: another process may take it between this check
     * and the broker binding it, in which case {@link #start()} fails with a message naming the port.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The outermost message, plus the root cause, which is where Kafka puts the useful part (e.g. a bind error). */
    private static String describe(Throwable e) {
        Throwable top = e;
        while (top instanceof ExecutionException && top.getCause() != null) {
            top = top.getCause();
        }
        Throwable root = top;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = top.getClass().getSimpleName() + ": " + top.getMessage();
        return root == top ? text : text + " (caused by " + root.getClass().getSimpleName() + ": "
                + root.getMessage() + ")";
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the embedded broker's temporary data in {}", dir, e);
        }
    }

    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private Map<String, String> saslUsers;
        private final List<String> formatArguments = new ArrayList<>();
        private final Map<String, Object> probeSecurity = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Extra arguments for {@code kafka-storage format} on the first start, e.g. {@code --add-scram
         * SCRAM-SHA-512=[name=admin,password=...]}: KRaft keeps SCRAM credentials in the metadata log, so a broker
         * whose own listener authenticates with SCRAM needs its credentials there before it can talk to itself.
         */
        public Builder formatArguments(String... args) {
            formatArguments.addAll(List.of(args));
            return this;
        }

        /**
         * Client settings, credentials included, with which the start-up probe reaches the client listener when that
         * listener is secured through {@link #brokerProperty} rather than {@link #saslPlain}.
         */
        public Builder probeSecurity(Map<String, ?> clientSettings) {
            probeSecurity.putAll(clientSettings);
            return this;
        }

        /** The client listener's port; 0 (the default) picks a free one when the broker is built. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The KRaft controller listener's port; 0 (the default) picks a free one when the broker is built. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        /**
         * Keeps the broker's data in this directory across stops and restarts (and JVMs); it is formatted only if
         * it has not been already. Without it, a temporary directory is used and deleted on {@code close()}.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Any broker setting; applied last, so it overrides the embedded defaults. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Makes the client listener SASL_PLAINTEXT with mechanism PLAIN, accepting exactly these
         * user &rarr; password pairs.
         */
        public Builder saslPlain(Map<String, String> users) {
            Objects.requireNonNull(users, "users");
            if (users.isEmpty()) {
                throw new IllegalArgumentException("SASL/PLAIN needs at least one user");
            }
            users.forEach((user, password) -> {
                if (!SASL_USER_NAME.matcher(user).matches()) {
                    throw new IllegalArgumentException("Unsupported SASL user name '" + user
                            + "': use letters, digits, '.', '_', '$' or '-'");
                }
                if (user.equals(INTERNAL_USER)) {
                    throw new IllegalArgumentException("SASL user name '" + user + "' is reserved");
                }
                Objects.requireNonNull(password, "password of " + user);
            });
            this.saslUsers = Map.copyOf(users);
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Not a port: " + port);
            }
            return port;
        }
    }
}
