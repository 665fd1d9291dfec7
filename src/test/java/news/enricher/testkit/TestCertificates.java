package news.enricher.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the JDK's {@code keytool}: a self-signed CA, a broker key pair signed by it for
 * {@code 127.0.0.1} and {@code localhost}, a truststore that holds only the CA, and client key pairs on demand. One random password protects
 * every store; it reaches keytool through its environment ({@code -storepass:env}), never its command line.
 */
public record TestCertificates(Path caKeystore, Path brokerKeystore, Path truststore, String password) {

    public static final String STORE_TYPE = "PKCS12";
    private static final String PASSWORD_VARIABLE = "TEST_STORE_PASSWORD";
    private static final String VALIDITY_DAYS = "2";

    public static TestCertificates generate(Path dir) {
        String password = UUID.randomUUID().toString();
        Path ca = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.crt");
        Path broker = dir.resolve("broker.p12");
        Path brokerCsr = dir.resolve("broker.csr");
        Path brokerCert = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        KeyTool keytool = new KeyTool(password);

        keytool.run("-genkeypair", "-alias", "ca", "-dname", "CN=news-enricher test CA", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", ca.toString());
        keytool.run("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCert.toString());

        keytool.run("-genkeypair", "-alias", "broker", "-dname", "CN=localhost", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", broker.toString());
        keytool.run("-certreq", "-alias", "broker", "-keystore", broker.toString(), "-file", brokerCsr.toString());
        keytool.run("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", brokerCsr.toString(),
                "-outfile", brokerCert.toString(), "-rfc", "-validity", VALIDITY_DAYS,
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth");
        keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
                "-keystore", broker.toString());
        keytool.run("-importcert", "-alias", "broker", "-file", brokerCert.toString(), "-keystore", broker.toString());

        keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
                "-keystore", truststore.toString());
        return new TestCertificates(ca, broker, truststore, password);
    }

    /**
     * A client's keystore for mutual TLS: a key pair for {@code CN=<name>, OU=<unit>} signed by this CA, with the
     * chain. The broker maps the subject to a principal by its {@code ssl.principal.mapping.rules}.
     */
    public Path clientKeystore(Path dir, String name, String unit) {
        Path keystore = dir.resolve(name + "-client.p12");
        Path csr = dir.resolve(name + "-client.csr");
        Path cert = dir.resolve(name + "-client.crt");
        Path caCert = dir.resolve(name + "-ca.crt");
        KeyTool keytool = new KeyTool(password);
        keytool.run("-genkeypair", "-alias", name, "-dname", "CN=" + name + ", OU=" + unit, "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", keystore.toString());
        keytool.run("-certreq", "-alias", name, "-keystore", keystore.toString(), "-file", csr.toString());
        keytool.run("-gencert", "-alias", "ca", "-keystore", caKeystore.toString(), "-infile", csr.toString(),
                "-outfile", cert.toString(), "-rfc", "-validity", VALIDITY_DAYS, "-ext", "EKU=clientAuth");
        keytool.run("-exportcert", "-rfc", "-alias", "ca", "-keystore", caKeystore.toString(),
                "-file", caCert.toString());
        keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
                "-keystore", keystore.toString());
        keytool.run("-importcert", "-alias", name, "-file", cert.toString(), "-keystore", keystore.toString());
        return keystore;
    }

    /** A truststore holding a CA that signed nothing the broker presents: a client using it must refuse the broker. */
    public static Path unrelatedTruststore(Path dir, String password) {
        Path ca = dir.resolve("other-ca.p12");
        Path caCert = dir.resolve("other-ca.crt");
        Path truststore = dir.resolve("other-truststore.p12");
        KeyTool keytool = new KeyTool(password);
        keytool.run("-genkeypair", "-alias", "ca", "-dname", "CN=some other CA", "-ext", "bc:c", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", ca.toString());
        keytool.run("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCert.toString());
        keytool.run("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
                "-keystore", truststore.toString());
        return truststore;
    }

    private record KeyTool(String password) {

        void run(String... args) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
            command.addAll(List.of(args));
            command.addAll(List.of("-storetype", STORE_TYPE, "-storepass:env", PASSWORD_VARIABLE));
            if (List.of(args).contains("-genkeypair")) {
                command.addAll(List.of("-keypass:env", PASSWORD_VARIABLE));
            }
            try {
                Path output = Files.createTempFile("keytool", ".txt");
                try {
                    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(output.toFile());
                    builder.environment().put(PASSWORD_VARIABLE, password);
                    Process process = builder.start();
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        throw new IllegalStateException("keytool " + args[0] + " did not finish within 60 s");
                    }
                    if (process.exitValue() != 0) {
                        throw new IllegalStateException("keytool " + args[0] + " exited with " + process.exitValue()
                                + ": " + Files.readString(output, StandardCharsets.UTF_8).strip());
                    }
                } finally {
                    Files.deleteIfExists(output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run keytool", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running keytool", e);
            }
        }
    }
}
