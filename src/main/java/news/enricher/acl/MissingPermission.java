package news.enricher.acl;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import java.util.Collection;
import java.util.List;

/**
 * The cluster refused an operation the enricher itself asked for (creating or describing a topic), so the
 * operation is known, not only the resource. Not worth retrying: an ACL has to change first.
 */
public final class MissingPermission extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final AclOperation operation;
    private final ResourceType resourceType;
    private final List<String> names;

    public MissingPermission(AclOperation operation, ResourceType resourceType, Collection<String> names,
                             Throwable cause) {
        super("Not authorized to " + AclRule.display(operation) + " " + AclRule.display(resourceType) + " "
                + String.join(", ", names), cause);
        this.operation = operation;
        this.resourceType = resourceType;
        this.names = List.copyOf(names);
    }

    public AclOperation operation() {
        return operation;
    }

    public ResourceType resourceType() {
        return resourceType;
    }

    public List<String> names() {
        return names;
    }
}
