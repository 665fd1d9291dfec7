package news.enricher.config;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Loads {@link EnricherConfig} in three layers, each overriding the one before: {@link EnricherConfig#DEFAULTS},
 * an optional properties file, then environment variables named {@code ENRICHER_<KEY>}.
 *
 * <p>The environment name of a key is {@code ENRICHER_} + the key upper-cased with {@code .} and {@code -} turned into
 * {@code _}; the enricher's own keys drop their {@code enricher.} prefix first. So {@code bootstrap.servers} is
 * {@code ENRICHER_BOOTSTRAP_SERVERS} and {@code enricher.theme.fallback} is {@code ENRICHER_THEME_FALLBACK}. An
 * environment name that matches no known key becomes the lower-cased name with {@code _} read as {@code .}
 * ({@code ENRICHER_PRODUCER_ACKS} is {@code producer.acks}).
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "ENRICHER_";

    private ConfigLoader() {
    }

    public static EnricherConfig load(Path file, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(EnricherConfig.DEFAULTS);
        if (file != null) {
            values.putAll(readFile(file));
        }
        values.putAll(fromEnvironment(environment));
        return new EnricherConfig(values);
    }

    static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Config file not found: " + file.toAbsolutePath());
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config file " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> values.put(k.trim(), props.getProperty(k).trim()));
        return values;
    }

    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> byEnvName = new HashMap<>();
        for (String key : knownKeys()) {
            byEnvName.put(envName(key), key);
        }
        Map<String, String> values = new LinkedHashMap<>();
        environment.entrySet().stream()
                .filter(e -> e.getKey().startsWith(ENV_PREFIX) && e.getKey().length() > ENV_PREFIX.length())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String key = byEnvName.get(e.getKey());
                    if (key == null) {
                        key = e.getKey().substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                    }
                    values.put(key, e.getValue());
                });
        return values;
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        String bare = key.startsWith(EnricherConfig.PREFIX) ? key.substring(EnricherConfig.PREFIX.length()) : key;
        return ENV_PREFIX + bare.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Set<String> knownKeys() {
        Set<String> keys = new LinkedHashSet<>(EnricherConfig.DEFAULTS.keySet());
        keys.addAll(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }
}
