package io.clusterindex.it;

import java.util.Map;

/** The pipeline scenario on the indexer's own embedded broker (started in-process on a free port). */
class PipelineIT extends PipelineScenario {
    @Override
    protected Map<String, String> kafkaEnvironment() {
        return Map.of("EMBEDDED_KAFKA_PORT", "0");
    }
}
