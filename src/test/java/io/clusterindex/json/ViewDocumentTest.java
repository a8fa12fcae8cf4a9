package io.clusterindex.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewDocumentTest {
    /**
     * Braces, brackets, quotes and escapes inside strings, nested objects, numbers of every kind, non-ASCII text (an
     * emoji as Jackson writes it, escaped; stored documents are Jackson's output).
     */
    private static final String CLUSTER = "{\"cluster_id\":\"c\\\"1}\",\"cluster_name\":\"na{m}e [x] \\\\\","
            + "\"metadata\":{\"team\":\"é→\\uD83D\\uDE00\",\"nested\":{\"a\":[1,{\"b\":\"}\"}],\"c\":null}},"
            + "\"num_documents_clustered\":12345678901234567890,\"score\":1.0E20,\"ok\":true,\"none\":null}";

    private static final JavaType LIST = Json.TRUSTED.getTypeFactory().constructCollectionType(List.class,
            ViewDocument.class);

    @Test
    void aDocumentHeldAsJsonIsWrittenAsTheSameBytesAsItsTree() throws Exception {
        byte[] json = CLUSTER.getBytes(StandardCharsets.UTF_8);
        ObjectNode tree = (ObjectNode) Json.TRUSTED.readTree(json);
        ViewDocument raw = ViewDocument.json(json);
        Wrapper wrapped = new Wrapper(List.of(raw), 3);

        assertThat(Json.MAPPER.writeValueAsBytes(raw)).isEqualTo(Json.MAPPER.writeValueAsBytes(tree)).isEqualTo(json);
        assertThat(raw.treeIfParsed()).as("writing it parsed nothing").isNull();
        assertThat(Json.MAPPER.writeValueAsBytes(wrapped)).isEqualTo(Json.MAPPER.writeValueAsBytes(
                new Wrapper(List.of(ViewDocument.of(tree)), 3)));
        // a character generator writes the bytes' text (Jackson's char writer would not escape the emoji of a tree)
        assertThat(Json.MAPPER.writeValueAsString(wrapped)).isEqualTo("{\"results\":[" + CLUSTER + "],\"total\":3}");
        JsonNode asTree = Json.MAPPER.valueToTree(wrapped);
        assertThat(asTree.get("results").get(0)).as("made into a tree, a real object").isEqualTo(tree);
    }

    @Test
    void bothFormsAreMadeOnFirstUseAndEqualityIsByTree() {
        byte[] json = CLUSTER.getBytes(StandardCharsets.UTF_8);
        ViewDocument raw = ViewDocument.json(json);
        ObjectNode tree = raw.tree();
        assertThat(raw.tree()).isSameAs(tree);
        assertThat(raw.json()).isSameAs(json);
        ViewDocument fromTree = ViewDocument.of(tree);
        assertThat(fromTree.json()).isEqualTo(json);
        assertThat(fromTree).isEqualTo(raw).hasSameHashCodeAs(raw);
        assertThat(ViewDocument.json(json, tree).treeIfParsed()).isSameAs(tree);
        assertThat(ViewDocument.of(tree.deepCopy().put("ok", false))).isNotEqualTo(raw);
        assertThat(raw.toString()).isEqualTo(CLUSTER);
    }

    @Test
    void readWithItsSourceADocumentIsTakenAsItsBytesElseAsATree() throws Exception {
        String body = "[ " + CLUSTER + " ,null,{ \"x\" : [ ] } ]";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        List<ViewDocument> sliced = Json.TRUSTED.readerFor(LIST).withAttribute(ViewDocument.SOURCE, bytes)
                .readValue(bytes);
        assertThat(sliced).hasSize(3);
        assertThat(sliced.get(0).treeIfParsed()).as("not parsed").isNull();
        assertThat(new String(sliced.get(0).json(), StandardCharsets.UTF_8)).isEqualTo(CLUSTER);
        assertThat(sliced.get(1)).isNull();
        assertThat(new String(sliced.get(2).json(), StandardCharsets.UTF_8)).isEqualTo("{ \"x\" : [ ] }");

        List<ViewDocument> parsed = Json.TRUSTED.readValue(bytes, LIST);
        assertThat(parsed.get(0).treeIfParsed()).isNotNull();
        assertThat(parsed).isEqualTo(sliced);
    }

    @Test
    void anythingButAnObjectOrBrokenJsonIsRefused() {
        for (String bad : List.of("[\"a string\"]", "[17]", "[[]]", "[{\"a\":1]", "[{\"a\":}]", "[{\"a\":1}")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Json.TRUSTED.readerFor(LIST).withAttribute(ViewDocument.SOURCE, bytes)
                    .readValue(bytes)).as(bad).isInstanceOf(java.io.IOException.class);
            assertThatThrownBy(() -> Json.TRUSTED.readValue(bytes, LIST)).as(bad)
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void manyDocumentsInOneAnswerAreEachTheirOwnSlice() throws Exception {
        List<ViewDocument> documents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            documents.add(ViewDocument.of(((ObjectNode) Json.TRUSTED.readTree(CLUSTER)).put("i", i)));
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(new Wrapper(documents, 200));
        Wrapper back = Json.TRUSTED.readerFor(Wrapper.class).withAttribute(ViewDocument.SOURCE, bytes)
                .readValue(bytes);
        assertThat(back.results()).allSatisfy(document -> assertThat(document.treeIfParsed()).isNull());
        assertThat(back.results()).isEqualTo(documents);
    }

    record Wrapper(List<ViewDocument> results, long total) {
    }
}
