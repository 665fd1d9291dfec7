package news.enricher.acl;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DenialsTest {

    private static final EnricherConfig CONFIG = EnricherConfig.defaults().with(Map.of(
            "application.id", "app",
            EnricherConfig.RAW_TOPIC, "in.raw",
            EnricherConfig.THEME_TOPIC_PREFIX, "out.theme."));

    @Test
    void aRefusedTransactionalIdNamesTheEnrichersPrefix() {
        Throwable error = new StreamsException("Error encountered trying to initialize transactions",
                new TransactionalIdAuthorizationException("Transactional Id authorization failed."));

        assertThat(Denials.explain(error, CONFIG)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("Not authorized to use the transactional ids")
                .contains("needed: Write on TransactionalId prefixed 'app-'"));
    }

    @Test
    void aRefusedGroupNamesTheGroup() {
        Throwable error = new StreamsException(new GroupAuthorizationException("Not authorized", "app"));

        assertThat(Denials.explain(error, CONFIG)).hasValueSatisfying(line -> assertThat(line)
                .contains("needed: Read on Group 'app';"));
    }

    @Test
    void aRefusedTopicNamesTheRuleThatUsesItNotTheOneThatCreatesIt() {
        Throwable error = new StreamsException(new TopicAuthorizationException(Set.of("out.theme.ai")));

        assertThat(Denials.explain(error, CONFIG)).hasValueSatisfying(line -> assertThat(line)
                .contains("needed: Write on Topic prefixed 'out.theme.';").doesNotContain("Create"));
    }

    @Test
    void aRefusedDescribeIsGrantedByReadOrWrite() {
        Throwable error = new IllegalStateException("wrapped", new MissingPermission(AclOperation.DESCRIBE,
                ResourceType.TOPIC, List.of("in.raw"), new TopicAuthorizationException("Topic authorization failed.")));

        assertThat(Denials.explain(error, CONFIG)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("Not authorized to Describe Topic in.raw; needed: Read on Topic 'in.raw';"));
    }

    @Test
    void otherFailuresAreNoDenial() {
        Throwable error = new StreamsException(new SaslAuthenticationException("Authentication failed"));

        assertThat(Denials.isDenied(error)).isFalse();
        assertThat(Denials.explain(error, CONFIG)).isEmpty();
    }
}
