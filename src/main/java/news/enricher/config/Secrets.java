package news.enricher.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Keeps credentials out of logs: any setting whose name suggests a secret is shown as {@code [hidden]}. */
public final class Secrets {

    private Secrets() {
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.contains("credential") || k.endsWith(".key") || k.contains("key.password")
                || k.contains("keystore.key") || k.contains("private");
    }

    public static Map<String, String> mask(Map<String, String> values) {
        Map<String, String> masked = new LinkedHashMap<>();
        values.forEach((k, v) -> masked.put(k, isSecret(k) ? "[hidden]" : v));
        return masked;
    }
}
