package news.enricher.provision;

import news.enricher.topology.TopicGuard;
import news.enricher.topology.TopicGuard.Unavailable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates a themed topic the first time the topology routes to it. Known topics cost one set lookup; the Admin
 * call happens once per new theme per instance.
 */
public final class ThemeTopicGuard implements TopicGuard {

    private final TopicProvisioner provisioner;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public ThemeTopicGuard(TopicProvisioner provisioner) {
        this.provisioner = provisioner;
    }

    /** Learns the topics that already exist, so that only new themes reach the Admin API. */
    public ThemeTopicGuard preload() {
        known.addAll(provisioner.existingTopics());
        return this;
    }

    @Override
    public void ensureExists(String topic) {
        if (known.contains(topic)) {
            return;
        }
        try {
            provisioner.ensureThemeTopic(topic);
        } catch (RuntimeException e) {
            throw new Unavailable("Cannot create themed topic " + topic + ": " + e.getMessage(), e);
        }
        known.add(topic);
    }
}
