package news.enricher.faults;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static news.enricher.testkit.KafkaTestKit.await;

/** The enricher instances of one scenario (same application.id, one state directory each). */
public final class Fleet implements AutoCloseable {

    private final Path dir;
    private final Map<String, String> config;
    private final List<String> jvmOptions;
    private final boolean staticMembership;
    private final List<EnricherProcess> instances = new ArrayList<>();

    /**
     * @param staticMembership whether each instance gets its name as {@code group.instance.id}, as an operator would
     *                         give each pod its stable name, so that a restarted instance rejoins as the same member
     */
    public Fleet(Path dir, Map<String, String> config, List<String> jvmOptions, boolean staticMembership)
            throws java.io.IOException {
        this.dir = Files.createDirectories(dir);
        this.config = Map.copyOf(config);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.staticMembership = staticMembership;
    }

    /** A new instance (not started) with its own state directory, and its own member id when members are static. */
    public EnricherProcess add() {
        String name = "instance-" + (instances.size() + 1);
        Map<String, String> own = new LinkedHashMap<>(config);
        own.put("state.dir", dir.resolve(name + "-state").toAbsolutePath().toString());
        if (staticMembership) {
            own.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name);
        }
        EnricherProcess p = new EnricherProcess(name, dir, own, jvmOptions);
        instances.add(p);
        return p;
    }

    public List<EnricherProcess> instances() {
        return List.copyOf(instances);
    }

    public List<EnricherProcess> alive() {
        return instances.stream().filter(EnricherProcess::alive).toList();
    }

    public void awaitAllRunning(Duration timeout) {
        await("every live instance to be RUNNING " + states(), timeout, () -> {
            List<EnricherProcess> alive = alive();
            return !alive.isEmpty() && alive.stream().allMatch(EnricherProcess::running);
        });
    }

    /**
     * Waits until every live instance has come back to RUNNING after a rebalance that began after {@code since};
     * false if that did not happen within the timeout (e.g. a change that caused no rebalance).
     */
    public boolean awaitRebalancedSince(long since, Duration timeout) {
        try {
            await("every live instance to rebalance after " + since + " " + states(), timeout, () -> {
                List<EnricherProcess> alive = alive();
                return !alive.isEmpty() && alive.stream().allMatch(p -> p.running() && p.transitions().stream()
                        .anyMatch(t -> t.at() >= since && t.to().equals("RUNNING")));
            });
            return true;
        } catch (AssertionError timedOut) {
            return false;
        }
    }

    public String states() {
        StringBuilder s = new StringBuilder();
        instances.forEach(p -> s.append(p.name()).append('=').append(p.state()).append(' '));
        return s.toString().trim();
    }

    /** Kills every instance still alive; safe to call more than once. */
    @Override
    public void close() {
        instances.forEach(EnricherProcess::kill);
    }
}
