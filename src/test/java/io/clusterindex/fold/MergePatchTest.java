package io.clusterindex.fold;

import static io.clusterindex.fold.TestEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {

    /** The test cases of RFC 7386, Appendix A: original | patch | result. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"a":"b"}                   | {"a":"c"}                    | {"a":"c"}
            {"a":"b"}                   | {"b":"c"}                    | {"a":"b","b":"c"}
            {"a":"b"}                   | {"a":null}                   | {}
            {"a":"b","b":"c"}           | {"a":null}                   | {"b":"c"}
            {"a":["b"]}                 | {"a":"c"}                    | {"a":"c"}
            {"a":"c"}                   | {"a":["b"]}                  | {"a":["b"]}
            {"a":{"b":"c"}}             | {"a":{"b":"d","c":null}}     | {"a":{"b":"d"}}
            {"a":[{"b":"c"}]}           | {"a":[1]}                    | {"a":[1]}
            ["a","b"]                   | ["c","d"]                    | ["c","d"]
            {"a":"b"}                   | ["c"]                        | ["c"]
            {"a":"foo"}                 | null                         | null
            {"a":"foo"}                 | "bar"                        | "bar"
            {"e":null}                  | {"a":1}                      | {"e":null,"a":1}
            [1,2]                       | {"a":"b","c":null}           | {"a":"b"}
            {}                          | {"a":{"bb":{"ccc":null}}}    | {"a":{"bb":{}}}
            """)
    void appliesTheExamplesOfRfc7386AppendixA(String original, String patch, String result) {
        JsonNode target = json(original);
        JsonNode patchNode = json(patch);
        JsonNode targetBefore = target.deepCopy();
        JsonNode patchBefore = patchNode.deepCopy();

        assertThat(MergePatch.apply(target, patchNode)).isEqualTo(json(result));
        assertThat(target).as("target unchanged").isEqualTo(targetBefore);
        assertThat(patchNode).as("patch unchanged").isEqualTo(patchBefore);
    }

    @Test
    void treatsAMissingTargetLikeANonObject() {
        assertThat(MergePatch.apply(null, json("{\"a\": 1, \"b\": null, \"c\": {\"d\": null}}")))
                .isEqualTo(json("{\"a\": 1, \"c\": {}}"));
        assertThat(MergePatch.apply(null, json("[1]"))).isEqualTo(json("[1]"));
    }

    @Test
    void emptyPatchLeavesAnObjectUnchanged() {
        JsonNode target = json("{\"a\": {\"b\": [1, {\"c\": null}]}, \"d\": null}");

        assertThat(MergePatch.apply(target, json("{}"))).isEqualTo(target);
    }

    @Test
    void resultSharesNoNodesWithItsInputs() {
        JsonNode target = json("{\"keep\": {\"x\": 1}}");
        JsonNode patch = json("{\"add\": {\"y\": [1]}}");

        JsonNode result = MergePatch.apply(target, patch);
        ((ObjectNode) result.get("keep")).put("z", 1);
        ((ArrayNode) result.get("add").get("y")).add(2);

        assertThat(target).isEqualTo(json("{\"keep\": {\"x\": 1}}"));
        assertThat(patch).isEqualTo(json("{\"add\": {\"y\": [1]}}"));
    }
}
