package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.json.Json;
import org.junit.jupiter.api.Test;

class SupersededDocumentsTest {
    @Test
    void keepsTheLastVersionsByIdAndSequenceAndForgetsTheOldestBeyondItsCapacity() {
        SupersededDocuments documents = new SupersededDocuments(3);
        ObjectNode[] versions = new ObjectNode[5];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = Json.NODES.objectNode().put("n", i);
            documents.add("cl_" + (i % 2), new ClusterState(i, versions[i]));
        }
        assertThat(documents.find("cl_0", 0)).as("oldest").isNull();
        assertThat(documents.find("cl_1", 1)).isNull();
        assertThat(documents.find("cl_0", 2).tree()).isSameAs(versions[2]);
        assertThat(documents.find("cl_1", 3).tree()).isSameAs(versions[3]);
        assertThat(documents.find("cl_0", 4).tree()).isSameAs(versions[4]);
        assertThat(documents.find("cl_1", 4)).as("another cluster's sequence").isNull();
        assertThat(documents.find("cl_0", 3)).as("another cluster's version").isNull();
    }
}
