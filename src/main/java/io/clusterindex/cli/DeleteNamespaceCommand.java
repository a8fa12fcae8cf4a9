package io.clusterindex.cli;

import io.clusterindex.topology.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code namespaces delete}: the tombstone of a namespace's record. */
@Command(name = "delete", description = "Removes a namespace: publishes the tombstone of its record. Its clusters "
        + "stay in the view, but no key can read them any more.")
final class DeleteNamespaceCommand extends KafkaCommand {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "namespace_id.")
    String id;
    @Override
    public Integer call() {
        requireNonBlank("--id", id);
        RecordPublisher.publish(kafka, Topics.defaults().namespaces(), id, null);
        tell("namespace " + id + " removed (tombstone published to namespaces)");
        return ExitCodes.OK;
    }
}
