package news.enricher.acl;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Locale;

/** One permission a role needs: an operation on a resource (a name, or every name starting with it), and why. */
public record AclRule(ResourceType resourceType, PatternType patternType, String name, AclOperation operation,
                      String why) {

    /** Allowed from any host: the listener's authentication, not the address, says who the client is. */
    public static final String ANY_HOST = "*";

    public static AclRule literal(ResourceType type, String name, AclOperation operation, String why) {
        return new AclRule(type, PatternType.LITERAL, name, operation, why);
    }

    public static AclRule prefixed(ResourceType type, String prefix, AclOperation operation, String why) {
        return new AclRule(type, PatternType.PREFIXED, prefix, operation, why);
    }

    public AclBinding binding(String principal) {
        return new AclBinding(new ResourcePattern(resourceType, name, patternType),
                new AccessControlEntry(principal, ANY_HOST, operation, AclPermissionType.ALLOW));
    }

    /** Kafka's own spelling, as {@code kafka-acls.sh} prints it: {@code TransactionalId}, {@code DescribeConfigs}. */
    static String display(Enum<?> value) {
        StringBuilder out = new StringBuilder();
        for (String word : value.name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
