package news.enricher.faults;

import java.nio.file.Path;

/**
 * Sizes of the fault scenarios. The fast variants run in every {@code mvn verify}; {@code -Dfaults.size=full}
 * (the {@code faults} Maven profile) runs the full-size ones. Any size can be overridden with
 * {@code -Dfaults.<key>=N}, the seed with {@code -Dfaults.seed=N}.
 */
public final class FaultSettings {

    private FaultSettings() {
    }

    public static boolean full() {
        return "full".equalsIgnoreCase(System.getProperty("faults.size", "fast"));
    }

    public static String mode() {
        return full() ? "full" : "fast";
    }

    public static int size(String key, int fast, int full) {
        return Integer.getInteger("faults." + key, full() ? full : fast);
    }

    public static long seed() {
        return Long.getLong("faults.seed", 20261124L);
    }

    public static Path reportDir() {
        return Path.of(System.getProperty("faults.report-dir", "target/faults"));
    }

    public static Path workDir(String scenario) {
        return reportDir().resolve("work").resolve(scenario);
    }
}
