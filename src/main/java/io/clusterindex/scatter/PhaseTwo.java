package io.clusterindex.scatter;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.json.ViewDocument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/** What the second phase of a two-phase list fetched, checked: pure, no threads, no I/O. */
final class PhaseTwo {
    private PhaseTwo() {
    }

    /**
     * The documents fetched for {@code wanted}, by {@code cluster_id}; null unless every instance answered with one
     * document per key asked, each still at its key's sequence (the instance answers null for any other).
     */
    static Map<String, ViewDocument> documents(Map<HostInfo, List<KeyPage.PageKey>> wanted,
                                             Map<HostInfo, Answer<List<ViewDocument>>> answers) {
        Map<String, ViewDocument> documents = new HashMap<>();
        for (Map.Entry<HostInfo, List<KeyPage.PageKey>> asked : wanted.entrySet()) {
            if (!(answers.get(asked.getKey()) instanceof Answer.Found<List<ViewDocument>> found)
                    || found.value().size() != asked.getValue().size()) {
                return null;
            }
            for (int i = 0; i < found.value().size(); i++) {
                ViewDocument document = found.value().get(i);
                if (document == null) {
                    return null;
                }
                documents.put(asked.getValue().get(i).clusterId(), document);
            }
        }
        return documents;
    }
}
