package io.clusterindex.cli;

import io.clusterindex.auth.TenancyRecords;
import io.clusterindex.topology.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code namespaces create}: registers (or renames) a namespace of an organization. */
@Command(name = "create", sortOptions = false,
        description = "Registers a namespace of an organization (or renames it: the latest record wins). Callers "
                + "of that organization name it in X-Namespace by its name or its id.")
final class CreateNamespaceCommand extends KafkaCommand {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "namespace_id, e.g. ns_prod.")
    String id;
    @Option(names = "--name", required = true, description = "namespace_name, e.g. prod.")
    String name;
    @Option(names = "--organization", required = true, paramLabel = "ORG", description = "organization_id, e.g. "
            + "org_42.")
    String organization;
    @Override
    public Integer call() {
        requireNonBlank("--id, --name and --organization", id, name, organization);
        RecordPublisher.publish(kafka, Topics.defaults().namespaces(), id,
                TenancyRecords.namespace(id, name, organization));
        tell("namespace " + id + " ('" + name + "', " + organization + ") published to namespaces");
        return ExitCodes.OK;
    }
}
