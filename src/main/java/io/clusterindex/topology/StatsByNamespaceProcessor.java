package io.clusterindex.topology;

import io.clusterindex.stats.NamespaceStats;
import io.clusterindex.stats.StatsKey;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a stats store change, keyed by (organization, namespace), into its {@code cluster-stats} record: keyed by the
 * namespace id alone (events.md), with the organization in the {@link Topics#STATS_ORGANIZATION_HEADER} header, so
 * that readers of the topic can keep two organizations' stats for one namespace id apart. Tombstones too. The record
 * carries that one header only.
 */
final class StatsByNamespaceProcessor implements Processor<String, NamespaceStats, String, NamespaceStats> {
    private ProcessorContext<String, NamespaceStats> context;

    @Override
    public void init(ProcessorContext<String, NamespaceStats> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, NamespaceStats> record) {
        byte[] organization = StatsKey.organizationOf(record.key()).getBytes(StandardCharsets.UTF_8);
        context.forward(record.withKey(StatsKey.namespaceOf(record.key()))
                .withHeaders(new RecordHeaders().add(Topics.STATS_ORGANIZATION_HEADER, organization)));
    }
}
