package news.enricher.topology;

import java.time.Clock;

/**
 * What the topology needs from the world around it beyond configuration. Defaults suit the offline command and
 * topology tests; the service passes a real topic guard and metrics.
 */
public record EnricherHooks(TopicGuard topicGuard, EnricherEvents events, Clock clock) {

    public static EnricherHooks none() {
        return new EnricherHooks(TopicGuard.NONE, EnricherEvents.NONE, Clock.systemUTC());
    }

    public EnricherHooks withClock(Clock clock) {
        return new EnricherHooks(topicGuard, events, clock);
    }
}
