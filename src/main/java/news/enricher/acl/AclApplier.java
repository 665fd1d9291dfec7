package news.enricher.acl;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the ACL bindings that are missing, through the Admin API. Running it again changes nothing; it never
 * deletes a binding, so whatever else an operator granted the principal stays.
 */
public final class AclApplier {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    public AclApplier(Admin admin) {
        this.admin = admin;
    }

    /** What an apply did: bindings it created and bindings that were already there. */
    public record Result(List<AclBinding> created, List<AclBinding> present) {
    }

    public Result apply(List<AclBinding> wanted) {
        Set<AclBinding> existing = existing(wanted.stream().map(b -> b.entry().principal()).distinct().toList());
        List<AclBinding> missing = wanted.stream().filter(b -> !existing.contains(b)).toList();
        List<AclBinding> present = wanted.stream().filter(existing::contains).toList();
        if (!missing.isEmpty()) {
            try {
                admin.createAcls(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot create ACLs: " + e.getCause().getClass().getSimpleName() + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating ACLs after " + TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating ACLs", e);
            }
        }
        return new Result(missing, present);
    }

    /** Every binding of these principals, whatever the resource. */
    public Set<AclBinding> existing(Collection<String> principals) {
        Set<AclBinding> found = new HashSet<>();
        for (String principal : principals) {
            AclBindingFilter filter = new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY));
            try {
                found.addAll(admin.describeAcls(filter).values().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot list the ACLs of " + principal + ": "
                        + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out listing ACLs after " + TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while listing ACLs", e);
            }
        }
        return found;
    }
}
