package news.enricher.testkit;

import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node KRaft broker locked down the way a production cluster is: one {@code SASL_SSL} client listener
 * with {@code SCRAM-SHA-512} and a certificate made for the test ({@link TestCertificates}), and the
 * {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}, so that a principal can do exactly
 * what its ACLs allow.
 *
 * <p>Bootstrapping: KRaft keeps SCRAM credentials in the metadata log, so the broker's own inter-broker user and
 * the admin user are written there when the storage is formatted ({@code kafka-storage format --add-scram}); every
 * other user is created by the test through the Admin API ({@link #createUser}) as the admin. Both are super users.
 * The controller listener, bound to 127.0.0.1 like everything else, is {@code SASL_PLAINTEXT} with PLAIN (KRaft
 * controllers cannot check SCRAM, whose credentials live in the very log they serve); its one user is the broker
 * itself. A second client listener takes mutual TLS instead ({@code SSL}, {@code ssl.client.auth=required}): there the
 * principal comes from the client certificate, {@code CN=<name>, OU=news-enricher} mapping to {@code User:<name>} by
 * {@code ssl.principal.mapping.rules}, so the same ACLs serve both listeners. No listener accepts an unauthenticated
 * client.
 */
public final class SecureKafkaBroker implements AutoCloseable {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";
    private static final String BROKER_USER = "broker";
    private static final String CONTROLLER_USER = "controller";
    /** The organisational unit a client certificate must carry to map to a principal on the mutual-TLS listener. */
    public static final String CLIENT_UNIT = "news-enricher";
    private static final String HOST = "127.0.0.1";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final int mtlsPort;
    private final TestCertificates certificates;
    private final String adminPassword;
    private final List<String> secrets;

    private SecureKafkaBroker(EmbeddedKafkaBroker broker, int mtlsPort, TestCertificates certificates,
                              String adminPassword, List<String> secrets) {
        this.broker = broker;
        this.mtlsPort = mtlsPort;
        this.certificates = certificates;
        this.adminPassword = adminPassword;
        this.secrets = secrets;
    }

    /** Generates certificates under {@code dir} and starts the broker; returns once the admin can use it. */
    public static SecureKafkaBroker start(Path dir) {
        TestCertificates certificates = TestCertificates.generate(dir);
        String brokerPassword = UUID.randomUUID().toString();
        String controllerPassword = UUID.randomUUID().toString();
        String adminPassword = UUID.randomUUID().toString();

        int[] ports = freePorts(3);
        int port = ports[0];
        int mtlsPort = ports[1];
        int controllerPort = ports[2];
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                .port(port)
                .controllerPort(controllerPort)
                .formatArguments(
                        "--add-scram", MECHANISM + "=[name=" + BROKER_USER + ",password=" + brokerPassword + "]",
                        "--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]")
                .probeSecurity(clientSecurity(certificates, ADMIN, adminPassword));
        Map<String, String> props = new LinkedHashMap<>();
        String listeners = "CLIENT://" + HOST + ":" + port + ",MTLS://" + HOST + ":" + mtlsPort + ",CONTROLLER://"
                + HOST + ":" + controllerPort;
        props.put("listeners", listeners);
        props.put("advertised.listeners", listeners);
        props.put("listener.security.protocol.map", "CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_SSL,MTLS:SSL");
        props.put("listener.name.mtls.ssl.client.auth", "required");
        props.put("listener.name.mtls.ssl.principal.mapping.rules",
                "RULE:^CN=([A-Za-z0-9._-]+),OU=" + CLIENT_UNIT + "$/$1/,DEFAULT");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + CONTROLLER_USER
                        + "\" password=\"" + controllerPassword + "\" user_" + CONTROLLER_USER + "=\""
                        + controllerPassword + "\";");
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config", scramJaasConfig(BROKER_USER, brokerPassword));
        props.put("ssl.keystore.location", certificates.brokerKeystore().toString());
        props.put("ssl.keystore.type", TestCertificates.STORE_TYPE);
        props.put("ssl.keystore.password", certificates.password());
        props.put("ssl.key.password", certificates.password());
        // The broker's own connections to its client listener (transaction markers) verify the certificate too.
        props.put("ssl.truststore.location", certificates.truststore().toString());
        props.put("ssl.truststore.type", TestCertificates.STORE_TYPE);
        props.put("ssl.truststore.password", certificates.password());
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + CONTROLLER_USER + ";User:" + BROKER_USER + ";User:" + ADMIN);
        props.put("auto.create.topics.enable", "false");
        // Fewer internal partitions: a single-node test broker starts faster.
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.num.partitions", "6");
        props.forEach(builder::brokerProperty);

        EmbeddedKafkaBroker broker = builder.build().start();
        return new SecureKafkaBroker(broker, mtlsPort, certificates, adminPassword, List.of(brokerPassword, controllerPassword,
                adminPassword, certificates.password()));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The mutual-TLS listener. */
    public String mtlsBootstrapServers() {
        return HOST + ":" + mtlsPort;
    }

    /**
     * The client settings of a principal authenticated by its certificate on the mutual-TLS listener: a fresh key
     * pair for {@code CN=<user>, OU=news-enricher}, signed by the test CA, kept under {@code dir}.
     */
    public Map<String, String> mtlsClientSettings(Path dir, String user) {
        Path keystore = certificates.clientKeystore(dir, user, CLIENT_UNIT);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, mtlsBootstrapServers());
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        settings.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore.toString());
        settings.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, TestCertificates.STORE_TYPE);
        settings.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, certificates.password());
        settings.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, certificates.password());
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().toString());
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TestCertificates.STORE_TYPE);
        settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
        return settings;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** Every secret this broker was set up with, for tests that check none of them reaches a log. */
    public List<String> secrets() {
        return secrets;
    }

    /** The client settings of a user: bootstrap servers, SASL_SSL, SCRAM-SHA-512, credentials, truststore. */
    public Map<String, String> clientSettings(String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        clientSecurity(certificates, user, password).forEach((k, v) -> settings.put(k, String.valueOf(v)));
        return settings;
    }

    public Map<String, String> adminSettings() {
        return clientSettings(ADMIN, adminPassword);
    }

    /** {@code base} as the given user of this broker. */
    public EnricherConfig as(EnricherConfig base, String user, String password) {
        return base.with(clientSettings(user, password));
    }

    public Admin admin() {
        return Admin.create(Map.copyOf(adminSettings()));
    }

    /**
     * Creates a SCRAM user through the Admin API (as the admin) with a fresh random password, and returns once the
     * broker itself knows the user, so that the first login does not race the metadata update.
     */
    public String createUser(String user) {
        String password = UUID.randomUUID().toString();
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            KafkaTestKit.await("SCRAM credentials of " + user, TIMEOUT, () -> {
                try {
                    return admin.describeUserScramCredentials(List.of(user)).all()
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).containsKey(user);
                } catch (ExecutionException | TimeoutException notYet) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create SCRAM user " + user, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return password;
    }

    public static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static Map<String, Object> clientSecurity(TestCertificates certificates, String user, String password) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(user, password));
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().toString());
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TestCertificates.STORE_TYPE);
        settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
        return settings;
    }

    /** Distinct free ports: all are held open together while they are picked. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Only probing.
                }
            }
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
