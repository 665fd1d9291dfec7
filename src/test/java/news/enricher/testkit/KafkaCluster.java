package news.enricher.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static news.enricher.testkit.KafkaTestKit.await;

/**
 * A real Kafka cluster of {@code n} KRaft nodes, each its own JVM ({@code kafka.Kafka} from the product jar, which
 * carries the broker), combined broker + controller, with a static quorum of all {@code n} voters. Each node has
 * its own data directory and fixed ports on 127.0.0.1, chosen when the cluster is built, so that a node killed
 * with SIGKILL ({@link #kill(int)}) or stopped with SIGTERM ({@link #stop(int)}) comes back by {@link #start(int)}
 * on the same address with the same data. Node ids are 1..n. Every started JVM is destroyed by a shutdown hook if
 * the test JVM exits without closing the cluster.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kafka-cluster-kill-nodes"));
    }

    private final Path dir;
    private final int size;
    private final int[] ports;
    private final int[] controllerPorts;
    private final Map<String, String> brokerProperties;
    private final List<String> jvmOptions;
    private final String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
    private final Process[] processes;
    private Admin admin;

    /**
     * @param brokerProperties settings of every node, applied over the listener, quorum and data-dir settings
     */
    public KafkaCluster(Path dir, int size, Map<String, String> brokerProperties, List<String> jvmOptions) {
        this.dir = dir.toAbsolutePath();
        deleteRecursively(this.dir);
        this.size = size;
        this.ports = new int[size];
        this.controllerPorts = new int[size];
        Set<Integer> taken = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            ports[i] = distinctFreePort(taken);
            controllerPorts[i] = distinctFreePort(taken);
        }
        this.brokerProperties = Map.copyOf(brokerProperties);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.processes = new Process[size];
    }

    /** A new cluster starts from empty data directories; the previous run's would carry another cluster id. */
    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int distinctFreePort(Set<Integer> taken) {
        int port;
        do {
            port = JarProcess.freePort();
        } while (!taken.add(port));
        return port;
    }

    /** Formats (first time only) and starts every node, and returns once all of them are in the cluster. */
    public KafkaCluster start() {
        for (int id = 1; id <= size; id++) {
            launch(id);
        }
        for (int id = 1; id <= size; id++) {
            awaitNodeUp(id, Duration.ofMinutes(2));
        }
        return this;
    }

    public int size() {
        return size;
    }

    public String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int port : ports) {
            servers.add(HOST + ":" + port);
        }
        return String.join(",", servers);
    }

    public Path log(int id) {
        return nodeDir(id).resolve("node.log");
    }

    private Path nodeDir(int id) {
        return dir.resolve("node-" + id);
    }

    /** (Re)starts one node on its ports and data, formatting it only the first time; does not wait. */
    public synchronized void launch(int id) {
        if (alive(id)) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        Path props = writeProperties(id);
        Path logDir = nodeDir(id).resolve("data");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            run(id, List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", clusterId, "-c",
                    props.toString()), true);
        }
        processes[id - 1] = run(id, List.of("kafka.Kafka", props.toString()), false);
    }

    /** Starts a stopped or killed node again and waits until it is back in the cluster. */
    public void start(int id) {
        launch(id);
        awaitNodeUp(id, Duration.ofMinutes(2));
    }

    private Process run(int id, List<String> mainAndArgs, boolean waitForExit) {
        if (!Files.isRegularFile(JarProcess.JAR)) {
            throw new IllegalStateException(JarProcess.JAR.toAbsolutePath() + " is missing: run through "
                    + "`mvn verify` (Failsafe runs after `package`)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", JarProcess.JAR.toAbsolutePath().toString()));
        command.addAll(mainAndArgs);
        try {
            Files.writeString(log(id), "=== node " + id + ": " + mainAndArgs.get(0) + " ===\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(id).toFile())).start();
            LIVE.add(p);
            if (waitForExit) {
                if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException(mainAndArgs + " failed on node " + id + ", see " + log(id));
                }
                LIVE.remove(p);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path writeProperties(int id) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(id));
        List<String> voters = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            voters.add(i + "@" + HOST + ":" + controllerPorts[i - 1]);
        }
        // A static quorum: every node is a voter from the start, so no node has to be added after formatting.
        p.put("controller.quorum.voters", String.join(",", voters));
        String listeners = "CLIENT://" + HOST + ":" + ports[id - 1] + ",CONTROLLER://" + HOST + ":"
                + controllerPorts[id - 1];
        p.put("listeners", listeners);
        p.put("advertised.listeners", listeners);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "CLIENT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,CLIENT:PLAINTEXT");
        p.put("log.dirs", nodeDir(id).resolve("data").toString());
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.putAll(brokerProperties);
        Properties props = new Properties();
        props.putAll(p);
        try {
            Files.createDirectories(nodeDir(id));
            Path file = nodeDir(id).resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(w, "KafkaCluster node " + id);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized boolean alive(int id) {
        Process p = processes[id - 1];
        return p != null && p.isAlive();
    }

    /** kill -9: no controlled shutdown, no flush. Returns once the JVM is gone. */
    public void kill(int id) {
        Process p = signalKill(id);
        waitFor(id, p, Duration.ofSeconds(30));
    }

    /** Sends SIGKILL and returns at once; {@link #awaitExit(int)} waits for the JVM to be gone. */
    public synchronized Process signalKill(int id) {
        Process p = processes[id - 1];
        if (p != null) {
            p.destroyForcibly();
        }
        return p;
    }

    public void awaitExit(int id) {
        Process p;
        synchronized (this) {
            p = processes[id - 1];
        }
        waitFor(id, p, Duration.ofSeconds(30));
    }

    /** SIGTERM: a controlled shutdown that moves leadership away first. Returns once the JVM has exited. */
    public void stop(int id) {
        Process p;
        synchronized (this) {
            p = processes[id - 1];
        }
        if (p != null) {
            p.toHandle().destroy();
            waitFor(id, p, Duration.ofMinutes(2));
        }
    }

    private static void waitFor(int id, Process p, Duration timeout) {
        if (p == null) {
            return;
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("node " + id + " did not exit within " + timeout + "; killed it");
            }
            LIVE.remove(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the node answers on its own listener and the cluster's metadata lists it as a broker. */
    public void awaitNodeUp(int id, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + ports[id - 1]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin own = Admin.create(props)) {
            await("node " + id + " to join the cluster (log " + log(id) + ")", timeout, () -> {
                if (!alive(id)) {
                    throw new AssertionError("node " + id + " exited while starting, see " + log(id));
                }
                try {
                    return own.describeCluster().nodes().get(2, TimeUnit.SECONDS).stream()
                            .anyMatch(n -> n.id() == id);
                } catch (Exception notYet) {
                    return false;
                }
            });
        }
    }

    /** An Admin client on every node's listener, shared, with short timeouts so a dead node does not block it. */
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
            props.put(AdminClientConfig.METADATA_MAX_AGE_CONFIG, 1000);
            admin = Admin.create(props);
        }
        return admin;
    }

    /** The leader of each partition of a topic (partition → node id; -1 when it has none). */
    public Map<Integer, Integer> leaders(String topic) {
        TopicDescription d = describe(List.of(topic)).get(topic);
        Map<Integer, Integer> leaders = new TreeMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            leaders.put(p.partition(), p.leader() == null ? -1 : p.leader().id());
        }
        return leaders;
    }

    /** The node that leads the most partitions of a topic (the lowest id on a tie). */
    public int mainLeader(String topic) {
        Map<Integer, Long> counts = leaders(topic).values().stream().filter(id -> id > 0)
                .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .orElseThrow(() -> new AssertionError(topic + " has no leader")).getKey();
    }

    /**
     * The transaction coordinator of every open or known transactional id that starts with {@code prefix}
     * (id → node id), from the coordinators themselves: ListTransactions, then DescribeTransactions.
     */
    public Map<String, Integer> transactionCoordinators(String prefix) {
        try {
            Collection<TransactionListing> listings = admin().listTransactions().all().get(15, TimeUnit.SECONDS);
            List<String> ids = listings.stream().map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(prefix)).sorted().toList();
            Map<String, Integer> coordinators = new TreeMap<>();
            if (ids.isEmpty()) {
                return coordinators;
            }
            Map<String, TransactionDescription> described = admin().describeTransactions(ids).all()
                    .get(15, TimeUnit.SECONDS);
            described.forEach((id, d) -> coordinators.put(id, d.coordinatorId()));
            return coordinators;
        } catch (Exception e) {
            throw new AssertionError("Cannot find the transaction coordinators of " + prefix + "*", e);
        }
    }

    /** The coordinator of a consumer group (classic or consumer protocol), else of a streams group (KIP-1071). */
    public int groupCoordinator(String groupId) {
        try {
            ConsumerGroupDescription d = admin().describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(15, TimeUnit.SECONDS);
            Node coordinator = d.coordinator();
            if (coordinator != null && d.groupState() != org.apache.kafka.common.GroupState.DEAD) {
                return coordinator.id();
            }
        } catch (Exception notAConsumerGroup) {
            // A streams group is described by its own API.
        }
        try {
            return admin().describeStreamsGroups(List.of(groupId)).describedGroups().get(groupId)
                    .get(15, TimeUnit.SECONDS).coordinator().id();
        } catch (Exception e) {
            throw new AssertionError("Cannot find the group coordinator of " + groupId, e);
        }
    }

    /** Partitions (of the given topics; every topic when empty) whose ISR is smaller than their replica set. */
    public List<String> underReplicated(Collection<String> topics) {
        Collection<String> names = topics;
        try {
            if (names.isEmpty()) {
                names = admin().listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                        .names().get(15, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            return List.of("cannot list topics: " + e);
        }
        List<String> under = new ArrayList<>();
        describe(names).forEach((name, d) -> d.partitions().forEach(p -> {
            if (p.isr().size() < p.replicas().size() || p.leader() == null) {
                under.add(name + "-" + p.partition() + " isr " + p.isr().stream().map(Node::id).toList()
                        + " of " + p.replicas().stream().map(Node::id).toList());
            }
        }));
        return under;
    }

    /** Waits until every node runs and every partition of every topic has its whole replica set in sync. */
    public void awaitFullyReplicated(Duration timeout) {
        List<String> last = new ArrayList<>();
        await("every partition fully in sync (" + last + ")", timeout, () -> {
            for (int id = 1; id <= size; id++) {
                if (!alive(id)) {
                    return false;
                }
            }
            List<String> under = underReplicated(List.of());
            last.clear();
            last.addAll(under.subList(0, Math.min(5, under.size())));
            return under.isEmpty();
        });
    }

    public Map<String, TopicDescription> describe(Collection<String> topics) {
        try {
            return admin().describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("Cannot describe " + topics, e);
        }
    }

    /** Kills every node still running; the data stays for inspection. */
    @Override
    public void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
        for (int id = 1; id <= size; id++) {
            if (alive(id)) {
                kill(id);
            }
        }
    }
}
