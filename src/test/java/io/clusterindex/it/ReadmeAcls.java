package io.clusterindex.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs that the README's "Secured Kafka" table lists, one per operation, so that the test grants exactly what
 * the documentation tells operators to grant.
 */
final class ReadmeAcls {
    private static final String SECTION = "### Secured Kafka";
    private static final String DEFAULT_APPLICATION_ID = "cluster-index";

    /** One row's operation on one resource; {@code renamed}: it follows {@code APPLICATION_ID}. */
    record Acl(ResourceType resource, String name, PatternType pattern, AclOperation operation) {
        AclBinding binding(String principal) {
            return new AclBinding(new ResourcePattern(resource, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
        }

        @Override
        public String toString() {
            return operation + " on " + resource + " " + name + (pattern == PatternType.PREFIXED ? "*" : "");
        }
    }

    private ReadmeAcls() {
    }

    /**
     * The table's ACLs for {@code applicationId}: as the README says, the group and the prefixes named after the
     * default application id are renamed; literal topics keep their names.
     */
    static List<Acl> forApplication(String applicationId) {
        List<Acl> acls = new ArrayList<>();
        for (String row : tableRows()) {
            String[] cells = row.split("\\|");
            ResourceType resource = ResourceType.valueOf(cells[1].trim());
            String name = cells[2].trim().replace("`", "");
            PatternType pattern = PatternType.valueOf(cells[3].trim());
            if (resource == ResourceType.GROUP || pattern == PatternType.PREFIXED) {
                name = name.replace(DEFAULT_APPLICATION_ID, applicationId);
            }
            for (String operation : cells[4].split(",")) {
                acls.add(new Acl(resource, name, pattern, AclOperation.valueOf(operation.trim().toUpperCase(Locale.ROOT))));
            }
        }
        if (acls.isEmpty()) {
            throw new IllegalStateException("README.md has no ACL table under '" + SECTION + "'");
        }
        return List.copyOf(acls);
    }

    private static List<String> tableRows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read README.md from " + Path.of("").toAbsolutePath(), e);
        }
        int start = lines.indexOf(SECTION);
        if (start < 0) {
            throw new IllegalStateException("README.md has no section '" + SECTION + "'");
        }
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("| ") && !line.startsWith("| resource") && !line.startsWith("|---")) {
                rows.add(line);
            }
        }
        return rows;
    }
}
