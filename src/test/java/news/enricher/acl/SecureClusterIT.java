package news.enricher.acl;

import news.enricher.cli.Main;
import news.enricher.config.ConfigLoader;
import news.enricher.config.EnricherConfig;
import news.enricher.config.Secrets;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.provision.TopicProvisioner;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import news.enricher.testkit.ConsoleCapture;
import news.enricher.testkit.JarProcess;
import news.enricher.testkit.SecureKafkaBroker;
import news.enricher.testkit.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.isolatedConfig;
import static news.enricher.testkit.KafkaTestKit.outputs;
import static news.enricher.testkit.KafkaTestKit.readUntil;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The enricher and its neighbours on a locked-down broker ({@link SecureKafkaBroker}: SASL_SSL, SCRAM-SHA-512,
 * StandardAuthorizer denying whatever no ACL allows), each principal holding exactly the ACLs of its role from
 * {@link AclSet}. The enricher runs as the product jar, configured as the README says: settings in a file, secrets
 * in the environment. One broker serves every test; each test has its own topics, application id and ACLs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecureClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A refused login must end the process quickly, not after Kafka's minutes of retries. */
    private static final Duration FAST = Duration.ofSeconds(30);
    private static final String ENRICHER = "enricher";
    private static final String CRAWLER = "crawler";
    private static final String READER = "reader";
    private static final List<TickerRow> TICKERS = List.of(
            new TickerRow("MU", "Micron Technology", "NASDAQ", "Technology", "Semiconductors", "United States", "equity"),
            new TickerRow("NVDA", "NVIDIA", "NASDAQ", "Technology", "Semiconductors", "United States", "equity"),
            new TickerRow("BTC", "Bitcoin", "", "", "Cryptocurrency", "", "crypto"));

    @RegisterExtension
    static final ConsoleCapture CONSOLE = new ConsoleCapture();

    @TempDir
    static Path brokerDir;
    private static SecureKafkaBroker broker;
    private static final Map<String, String> passwords = new HashMap<>();
    private static final String WRONG_PASSWORD = UUID.randomUUID().toString();

    @BeforeAll
    static void startBroker() {
        broker = SecureKafkaBroker.start(brokerDir);
        for (String user : List.of(ENRICHER, CRAWLER, READER)) {
            passwords.put(user, broker.createUser(user));
        }
    }

    @AfterAll
    static void stopBrokerAndCheckItsLogs() {
        if (broker != null) {
            broker.close();
            // The capture saw the broker's and the clients' logs: the refusals the tests provoked are in them.
            assertThat(CONSOLE.text()).contains("TOPIC_AUTHORIZATION_FAILED");
            assertNoSecretIn(CONSOLE.text());
        }
    }

    @Test
    void enrichesEveryArticleUnderExactlyOnceWithExactlyTheAclsTheCommandApplies(@TempDir Path work) {
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "secure");
        String commandOutput = aclsCommand(work, config, "--principal", "User:" + ENRICHER, "--apply");
        aclsCommand(work, config, "--principal", "User:" + CRAWLER, "--role", "crawler", "--apply");
        String readerGroup = "reader-" + UUID.randomUUID();
        aclsCommand(work, config, "--principal", "User:" + READER, "--role", "reader", "--group", readerGroup,
                "--apply");
        assertThat(commandOutput).contains("Applied to " + broker.bootstrapServers() + ": "
                + AclSet.enricher(config).size() + " created, 0 already present");
        assertThat(existingAcls(ENRICHER, config)).containsExactlyInAnyOrderElementsOf(
                AclSet.bindings("User:" + ENRICHER, AclSet.enricher(config)));
        loadReferenceTable(config);

        enrichAndReconcile(work, config, as(config, ENRICHER), readerGroup, commandOutput);
        // Applying again is a no-op.
        assertThat(aclsCommand(work, config, "--principal", "User:" + ENRICHER, "--apply"))
                .contains(": 0 created, " + AclSet.enricher(config).size() + " already present");
    }

    @Test
    void enrichesWithTheSameAclsWhenThePrincipalComesFromAClientCertificate(@TempDir Path work) {
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "mtls");
        try (Admin admin = broker.admin()) {
            new AclApplier(admin).apply(AclSet.bindings("User:" + ENRICHER, AclSet.enricher(config)));
            new AclApplier(admin).apply(AclSet.bindings("User:" + CRAWLER, AclSet.crawler(config)));
            new AclApplier(admin).apply(AclSet.bindings("User:" + READER,
                    AclSet.reader(config, "mtls-reader", PatternType.LITERAL)));
        }
        loadReferenceTable(config);

        enrichAndReconcile(work, config, config.with(broker.mtlsClientSettings(work, ENRICHER)), "mtls-reader", "");
    }

    /**
     * Runs the enricher jar with {@code enricherSettings} while the crawler sends a few dozen articles, then checks
     * that every output the same topology writes offline arrived, and nothing else; that the reader reads the themed
     * ones in its group; that the enricher stops cleanly; and that no secret reached its logs or {@code otherLogs}.
     */
    private static void enrichAndReconcile(Path work, EnricherConfig config, EnricherConfig enricherSettings,
                                           String readerGroup, String otherLogs) {
        List<ProducerRecord<String, byte[]>> articles = articles(config, 30);
        try (JarProcess enricher = startEnricher(work, enricherSettings)) {
            awaitTopic(config.rawTopic(), enricher);
            send(as(config, CRAWLER), articles);

            Map<String, Long> expected = expectedOutputs(config, articles);
            List<ConsumerRecord<String, byte[]>> out = readUntil(asAdmin(config), outputs(config),
                    r -> r.size() >= expected.values().stream().mapToLong(Long::longValue).sum(), WAIT,
                    Duration.ofSeconds(1));

            assertThat(countByTopicAndKey(out)).isEqualTo(expected);
            assertThat(expected.keySet()).anyMatch(k -> k.startsWith(config.deadLetterTopic() + " "))
                    .anyMatch(k -> k.startsWith(config.unknownTickersTopic() + " "))
                    .anyMatch(k -> k.startsWith(config.themeTopicPrefix()));
            Map<String, Long> themed = new LinkedHashMap<>(expected);
            themed.keySet().removeIf(k -> !k.startsWith(config.themeTopicPrefix()));
            assertThat(readThemedAsReader(config, readerGroup, themed)).isEqualTo(themed);
            assertThat(readUntil(asAdmin(config), Pattern.compile(
                    Pattern.quote(config.trendsTopic())), r -> !r.isEmpty(), WAIT, Duration.ZERO))
                    .as("trend records").isNotEmpty();

            enricher.terminate();
            assertThat(enricher.awaitExit(WAIT)).as(enricher.stderr()).isEqualTo(0);
            assertNoSecretIn(enricher.stderr() + enricher.stdout() + otherLogs);
        }
    }

    /**
     * Representative single ACLs of the enricher's set: each is refused at a different point (joining the group,
     * starting transactions, describing and creating the themed topics at start).
     */
    enum MissingAcl {
        TRANSACTIONAL_ID_WRITE(r -> r.resourceType() == TRANSACTIONAL_ID && r.operation() == WRITE),
        GROUP_READ(r -> r.resourceType() == GROUP && r.operation() == READ),
        THEMED_TOPICS_WRITE(r -> r.resourceType() == TOPIC && r.operation() == WRITE && isThemePrefix(r)),
        THEMED_TOPICS_CREATE(r -> r.resourceType() == TOPIC && r.operation() == CREATE && isThemePrefix(r));

        final Predicate<AclRule> rule;

        MissingAcl(Predicate<AclRule> rule) {
            this.rule = rule;
        }

        /** Prefixed topic rules are the themes' and the internal topics' ({@code <application.id>-}). */
        private static boolean isThemePrefix(AclRule rule) {
            return rule.patternType() == PatternType.PREFIXED && !rule.name().endsWith("-");
        }
    }

    @ParameterizedTest
    @EnumSource(MissingAcl.class)
    void stopsWithExitCodeTwoNamingThePermissionWhenOneAclIsMissing(MissingAcl missing, @TempDir Path work) {
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "missing");
        List<AclRule> all = AclSet.enricher(config);
        List<AclRule> granted = all.stream().filter(missing.rule.negate()).toList();
        AclRule removed = all.stream().filter(missing.rule).findFirst().orElseThrow();
        assertThat(granted).hasSize(all.size() - 1);
        try (Admin admin = broker.admin()) {
            new AclApplier(admin).apply(AclSet.bindings("User:" + ENRICHER, granted));
            new AclApplier(admin).apply(AclSet.bindings("User:" + CRAWLER, AclSet.crawler(config)));
        }
        loadReferenceTable(config);

        try (JarProcess enricher = startEnricher(work, as(config, ENRICHER))) {
            awaitTopic(config.rawTopic(), enricher);
            if (enricher.isAlive()) {
                // One article for the permissions only the first output needs.
                send(as(config, CRAWLER), articles(config, 1));
            }
            int exit = enricher.awaitExit(WAIT);

            assertThat(exit).as(enricher.stderr()).isEqualTo(2);
            assertThat(enricher.stderr().lines().filter(line -> line.contains(" ERROR news.enricher.cli.RunCommand")))
                    .singleElement().asString().contains("Not authorized", "needed: ", Denials.describe(removed));
            assertNoSecretIn(enricher.stderr() + enricher.stdout());
        }
    }

    @Test
    void failsFastWithExitCodeTwoOnAWrongPassword(@TempDir Path work) {
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "password");
        String wrong = WRONG_PASSWORD;

        try (JarProcess enricher = startEnricher(work, broker.as(config, ENRICHER, wrong))) {
            assertThat(enricher.awaitExit(FAST)).as(enricher.stderr()).isEqualTo(2);
            assertThat(startFailure(enricher)).contains("SaslAuthenticationException", "invalid credentials",
                    SecureKafkaBroker.MECHANISM);
            assertThat(enricher.stderr()).doesNotContain(wrong);
            assertNoSecretIn(enricher.stderr() + enricher.stdout());
        }
    }

    @Test
    void failsFastWithExitCodeTwoWhenTheTruststoreDoesNotTrustTheBroker(@TempDir Path work) {
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "truststore");
        Path otherCa = TestCertificates.unrelatedTruststore(work, broker.certificates().password());

        try (JarProcess enricher = startEnricher(work, as(config, ENRICHER)
                .with(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, otherCa.toString()))) {
            assertThat(enricher.awaitExit(FAST)).as(enricher.stderr()).isEqualTo(2);
            assertThat(startFailure(enricher)).contains("SslAuthenticationException", "SSL handshake failed");
            assertNoSecretIn(enricher.stderr() + enricher.stdout());
        }
    }

    /** The one line {@code run} logs when it cannot start. */
    private static String startFailure(JarProcess enricher) {
        return enricher.stderr().lines().filter(line -> line.contains(" ERROR news.enricher.cli.RunCommand - "))
                .reduce((a, b) -> a + "\n" + b).orElse("")
                .transform(line -> {
                    assertThat(line).contains("Cannot start the enricher: ").doesNotContain("\n");
                    return line;
                });
    }

    @Test
    void aCrawlerCanWriteRawArticlesButCannotReadThemedTopicsOrWriteTheReferenceTable() {
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "crawler");
        String themed = provisionWithOneThemedRecord(config);
        try (Admin admin = broker.admin()) {
            new AclApplier(admin).apply(AclSet.bindings("User:" + CRAWLER, AclSet.crawler(config)));
        }
        EnricherConfig crawler = as(config, CRAWLER);

        send(crawler, articles(config, 1));
        assertThatThrownBy(() -> send(crawler, List.of(new ProducerRecord<>(config.referenceTopic(), "MU",
                "{}".getBytes(StandardCharsets.UTF_8)))))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> readWithoutGroup(crawler, themed))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aReaderCanReadThemedTopicsButCannotWriteRawArticlesOrReadDeadLetters() {
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "reader");
        String themed = provisionWithOneThemedRecord(config);
        String group = "reader-" + UUID.randomUUID();
        try (Admin admin = broker.admin()) {
            new AclApplier(admin).apply(AclSet.bindings("User:" + READER,
                    AclSet.reader(config, group, PatternType.LITERAL)));
        }
        EnricherConfig reader = as(config, READER);

        assertThat(readThemedAsReader(config, group, Map.of(themed + " k", 1L))).containsOnlyKeys(themed + " k");
        assertThatThrownBy(() -> send(reader, articles(config, 1)))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> readWithoutGroup(reader, config.deadLetterTopic()))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    private static EnricherConfig as(EnricherConfig config, String user) {
        return broker.as(config, user, passwords.get(user));
    }

    private static EnricherConfig asAdmin(EnricherConfig config) {
        return config.with(broker.adminSettings());
    }

    /** Runs {@code acls} in this JVM with the admin's client settings in a file, as an operator would. */
    private static String aclsCommand(Path work, EnricherConfig config, String... args) {
        Path file = writeSettings(work.resolve("admin-" + UUID.randomUUID() + ".properties"),
                asAdmin(config).asMap());
        List<String> command = new ArrayList<>(List.of("acls", "--config", file.toString()));
        command.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(command.toArray(String[]::new));
        assertThat(exit).as("acls %s: %s", command, err).isEqualTo(0);
        return out.toString();
    }

    /**
     * The product jar's {@code run}, configured as the README says for a secured cluster: settings in a file, the
     * SASL JAAS line and the truststore password in the environment.
     */
    private static JarProcess startEnricher(Path work, EnricherConfig secured) {
        Map<String, String> settings = new LinkedHashMap<>(secured.asMap());
        settings.put("state.dir", work.resolve("state").toString());
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> file = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (Secrets.isSecret(key)) {
                env.put(ConfigLoader.envName(key), value);
            } else {
                file.put(key, value);
            }
        });
        Path properties = writeSettings(work.resolve("enricher.properties"), file);
        return JarProcess.start(work, env, "run", "--config", properties.toString());
    }

    private static Path writeSettings(Path file, Map<String, String> settings) {
        Properties props = new Properties();
        props.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The reference table is the operator's: the admin creates its topic and loads it. */
    private static void loadReferenceTable(EnricherConfig config) {
        EnricherConfig admin = asAdmin(config);
        try (Admin client = broker.admin()) {
            client.createTopics(List.of(new TopicProvisioner(client, admin).fixedTopics()
                    .get(config.referenceTopic()))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the reference topic", e);
        }
        new ReferenceTopicWriter(admin.clientProperties(), config.referenceTopic()).write(TICKERS, false);
    }

    /** As the admin: every fixed topic, and one themed topic holding one record under key {@code k}. */
    private static String provisionWithOneThemedRecord(EnricherConfig config) {
        EnricherConfig admin = asAdmin(config);
        String themed = config.themeTopic("ai-chips");
        try (Admin client = broker.admin()) {
            TopicProvisioner provisioner = new TopicProvisioner(client, admin);
            provisioner.ensureFixedTopics();
            provisioner.ensureThemeTopic(themed);
        }
        send(admin, List.of(new ProducerRecord<>(themed, "k", "{}".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(config.deadLetterTopic(), "d", "x".getBytes(StandardCharsets.UTF_8))));
        return themed;
    }

    private static void awaitTopic(String topic, JarProcess enricher) {
        try (Admin admin = broker.admin()) {
            await(topic + " created by the enricher (or the enricher exited)", WAIT, () -> {
                if (!enricher.isAlive()) {
                    return true;
                }
                try {
                    return admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** A few dozen articles over three themes, some with an unknown ticker, and one record that is not JSON. */
    private static List<ProducerRecord<String, byte[]>> articles(EnricherConfig config, int count) {
        List<String> themes = List.of("AI Chips", "crypto", "semis");
        List<String> links = List.of("[Micron](https://robinhood.com/stocks/MU)",
                "<https://robinhood.com/us/en/crypto/BTC/>", "[NVIDIA](https://robinhood.com/stocks/NVDA) and "
                        + "[a new one](https://robinhood.com/stocks/ZZZQ)");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String slug = "article-" + i;
            String json = "{\"slug\":\"" + slug + "\",\"title\":\"Story " + i + "\",\"topics\":[\""
                    + themes.get(i % themes.size()) + "\"],\"body_md\":\"" + links.get(i % links.size()) + "\"}";
            records.add(new ProducerRecord<>(config.rawTopic(), slug, json.getBytes(StandardCharsets.UTF_8)));
        }
        if (count > 1) {
            records.add(new ProducerRecord<>(config.rawTopic(), "broken", "{\"slug\": \"broken\""
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /**
     * What the same topology writes for these records offline, as "topic key" → count. Trend records are left out:
     * how many updates of a count are published depends on when commits fall.
     */
    private static Map<String, Long> expectedOutputs(EnricherConfig config,
                                                     List<ProducerRecord<String, byte[]>> records) {
        List<OutputRecord> expected = new ArrayList<>();
        try (OfflineEnricher offline = new OfflineEnricher(config, TICKERS, Clock.systemUTC())) {
            records.forEach(r -> expected.addAll(offline.enrich(r.key(), r.value())));
        }
        return expected.stream().filter(r -> !r.topic().equals(config.trendsTopic())).collect(Collectors.groupingBy(r -> r.topic() + " " + r.key(), LinkedHashMap::new,
                Collectors.counting()));
    }

    private static Map<String, Long> countByTopicAndKey(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.groupingBy(r -> r.topic() + " " + r.key(), LinkedHashMap::new,
                Collectors.counting()));
    }

    private static void send(EnricherConfig config, List<ProducerRecord<String, byte[]>> records) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r).get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Produce failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("Produce failed", e);
        }
    }

    /** As the reader, in its group: the themed records, as "topic key" → count, once {@code expected} arrived. */
    private static Map<String, Long> readThemedAsReader(EnricherConfig config, String group,
                                                        Map<String, Long> expected) {
        Map<String, Object> props = new HashMap<>(as(config, READER).clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(Pattern.compile(
                    Pattern.quote(config.themeTopicPrefix()) + ".*"));
            await("the reader's themed records", WAIT, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return countByTopicAndKey(records).equals(expected);
            });
        }
        return countByTopicAndKey(records);
    }

    /** Fetches from the start of partition 0 without a consumer group, so only the topic's own ACL decides. */
    private static void readWithoutGroup(EnricherConfig config, String topic) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            await("a record or a refusal from " + topic, WAIT, () -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
        }
    }

    /** The user's ACLs on this test's resources (every test's names are its own). */
    private static List<AclBinding> existingAcls(String user, EnricherConfig config) {
        Set<String> names = AclSet.enricher(config).stream().map(AclRule::name).collect(Collectors.toSet());
        try (Admin admin = broker.admin()) {
            return new AclApplier(admin).existing(List.of("User:" + user)).stream()
                    .filter(b -> names.contains(b.pattern().name()))
                    .toList();
        }
    }

    private static void assertNoSecretIn(String logs) {
        List<String> secrets = new ArrayList<>(broker.secrets());
        secrets.addAll(passwords.values());
        secrets.add(WRONG_PASSWORD);
        for (String secret : secrets) {
            assertThat(logs).as("a log line holds a secret").doesNotContain(secret);
        }
    }
}
