package news.enricher.acl;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an authorization failure anywhere in an exception chain into one line that names what was refused and the
 * ACL of the enricher's set that grants it, so that an operator knows which ACL is missing without reading Kafka's
 * source. Kafka's own exceptions name the resource at best (a transactional id refusal names nothing).
 */
public final class Denials {

    private Denials() {
    }

    /** True when the cluster refused an operation: retrying or dead-lettering cannot help until an ACL changes. */
    public static boolean isDenied(Throwable error) {
        return find(error, MissingPermission.class).isPresent() || find(error, AuthorizationException.class).isPresent();
    }

    /** The readable line, when {@code error} is an authorization failure. */
    public static Optional<String> explain(Throwable error, EnricherConfig config) {
        Optional<MissingPermission> ours = find(error, MissingPermission.class);
        if (ours.isPresent()) {
            MissingPermission denied = ours.get();
            return Optional.of(line(denied.getMessage(), config, denied.resourceType(), denied.names(),
                    denied.operation()));
        }
        return find(error, AuthorizationException.class).map(denied -> {
            String kafka = denied.getClass().getSimpleName() + ": " + denied.getMessage();
            if (denied instanceof TransactionalIdAuthorizationException) {
                return line("Not authorized to use the transactional ids (" + kafka + ")", config,
                        ResourceType.TRANSACTIONAL_ID, List.of(AclSet.internalPrefix(config)), null);
            }
            if (denied instanceof GroupAuthorizationException group && group.groupId() != null) {
                return line("Not authorized to use group " + group.groupId() + " (" + kafka + ")", config,
                        ResourceType.GROUP, List.of(group.groupId()), null);
            }
            if (denied instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()) {
                List<String> names = topics.unauthorizedTopics().stream().sorted().toList();
                return line("Not authorized to use Topic " + String.join(", ", names) + " (" + kafka + ")", config,
                        ResourceType.TOPIC, names, null);
            }
            if (denied instanceof ClusterAuthorizationException) {
                return "Not authorized on the cluster (" + kafka + "); " + HINT;
            }
            return "Not authorized (" + kafka + "); " + HINT;
        });
    }

    private static final String HINT = "`acls --role enricher --principal <principal>` prints every ACL the enricher"
            + " needs";

    /**
     * The refusal plus the rules of the enricher's set that cover the resource: those for the operation, or when
     * it is unknown, those for using the resource (not for creating it or reading its configuration).
     */
    private static String line(String refused, EnricherConfig config, ResourceType type, List<String> names,
                               AclOperation operation) {
        Set<AclRule> granting = new LinkedHashSet<>();
        for (AclRule rule : AclSet.enricher(config)) {
            if (rule.resourceType() == type && names.stream().anyMatch(name -> covers(rule, name))
                    && (operation == null ? rule.operation() != AclOperation.CREATE
                    && rule.operation() != AclOperation.DESCRIBE_CONFIGS : grants(rule.operation(), operation))) {
                granting.add(rule);
            }
        }
        if (granting.isEmpty()) {
            return refused + "; the enricher's ACL set has no rule for it; " + HINT;
        }
        return refused + "; needed: " + granting.stream().map(Denials::describe).collect(Collectors.joining(", "))
                + "; " + HINT;
    }

    private static boolean covers(AclRule rule, String name) {
        return rule.patternType() == PatternType.PREFIXED ? name.startsWith(rule.name()) : name.equals(rule.name());
    }

    /** Read and Write imply Describe (Kafka's own rule); otherwise only the operation itself grants it. */
    private static boolean grants(AclOperation granted, AclOperation wanted) {
        return granted == wanted || wanted == AclOperation.DESCRIBE
                && (granted == AclOperation.READ || granted == AclOperation.WRITE);
    }

    static String describe(AclRule rule) {
        return AclRule.display(rule.operation()) + " on " + AclRule.display(rule.resourceType()) + " "
                + (rule.patternType() == PatternType.PREFIXED ? "prefixed " : "") + "'" + rule.name() + "'";
    }

    private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
