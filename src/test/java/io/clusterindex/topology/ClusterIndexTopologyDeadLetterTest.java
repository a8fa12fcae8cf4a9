package io.clusterindex.topology;

import static io.clusterindex.topology.EventJson.bytes;
import static io.clusterindex.topology.EventJson.envelope;
import static io.clusterindex.topology.EventJson.obj;
import static io.clusterindex.topology.EventJson.parse;
import static io.clusterindex.topology.TopologyHarness.headerValues;
import static io.clusterindex.topology.TopologyHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.fold.ClusterState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterIndexTopologyDeadLetterTest extends HarnessTest {
    private static final String NS = "ns_main";
    private static final String ORG = "org_main";
    private static final String LIVE = "clust_live";
    private static final String IDLE = "clust_idle";
    private static final String GONE = "clust_gone";
    private static final String AT = "2026-11-28T10:15:30.250Z";

    /** The sequence the next event of {@link #LIVE} must carry; rejected events do not advance it. */
    private long liveSequence;
    private final Set<ErrorCode> codesSeen = EnumSet.noneOf(ErrorCode.class);
    private final Map<ErrorCode, Long> rejectedByCode = new EnumMap<>(ErrorCode.class);

    @BeforeEach
    void prepare() {
        good(LIVE, 1, "cluster.created", obj("{'cluster_name': 'Live', 'input_collections': ['c1'], 'cluster_type': 'vector'}"));
        good(LIVE, 2, "cluster.execution.started", obj("{'task_id': 'task_2'}"));
        liveSequence = 3;
        good(IDLE, 1, "cluster.created", obj("{'cluster_name': 'Idle', 'input_collections': ['c1'], 'cluster_type': 'vector'}"));
        good(GONE, 1, "cluster.created", obj("{'cluster_name': 'Gone', 'input_collections': ['c1'], 'cluster_type': 'vector'}"));
        good(GONE, 2, "cluster.deleted", obj("{}"));
        harness.view.readRecordsToList();
        harness.stats.readRecordsToList();
    }

    @Test
    void everyKindOfBadRecordIsDeadLetteredUnchangedAndProcessingGoesOn() {
        // MALFORMED_JSON
        rejected(LIVE, utf8("this is not json"), ErrorCode.MALFORMED_JSON, null, "JSON");
        rejected(LIVE, null, ErrorCode.MALFORMED_JSON, null, "null");
        rejected(LIVE, withInvalidUtf8(liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"))),
                ErrorCode.MALFORMED_JSON, null, "UTF-8");
        rejected(LIVE, utf8("[{\"event_id\": \"evt_in_array\"}]"), ErrorCode.MALFORMED_JSON, null, "object");
        rejected(LIVE, utf8("\"just a string\""), ErrorCode.MALFORMED_JSON, null, "object");
        rejected(LIVE, utf8("null"), ErrorCode.MALFORMED_JSON, null, "object");
        byte[] valid = bytes(liveEvent("cluster.updated", obj("{'cluster_name': 'X'}")));
        rejected(LIVE, java.util.Arrays.copyOf(valid, valid.length / 2), ErrorCode.MALFORMED_JSON, null, "JSON");
        rejected(LIVE, concat(valid, utf8(" {}")), ErrorCode.MALFORMED_JSON, null, "JSON");

        // INVALID_ENVELOPE
        ObjectNode event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        rejected("clust_other", bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "cluster_id");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        rejected((String) null, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "cluster_id");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.remove("event_id");
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, null, "event_id");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("event_id", "e".repeat(129));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, null, "event_id");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("sequence", 0);
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "sequence");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("sequence", Long.toString(liveSequence));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "sequence");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("sequence", liveSequence + 0.5);
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "sequence");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("occurred_at", "2026-11-28T10:15:30");
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "occurred_at");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.remove("data");
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "data");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.set("data", EventJson.node("[]"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "data");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("namespace_id", "n".repeat(129));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "namespace_id");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("organization_id", "");
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "organization_id");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("event_type", 3);
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "event_type");

        // UNKNOWN_EVENT_TYPE
        event = liveEvent("cluster.exploded", obj("{}"));
        rejected(LIVE, bytes(event), ErrorCode.UNKNOWN_EVENT_TYPE, eventId(event), "cluster.exploded");

        // UNKNOWN_CLUSTER: never created, and deleted
        event = envelope(nextEventId(), "cluster.updated", "clust_ghost", NS, ORG, 1, AT, obj("{'cluster_name': 'X'}"));
        rejected("clust_ghost", bytes(event), ErrorCode.UNKNOWN_CLUSTER, eventId(event), "clust_ghost");
        event = envelope(nextEventId(), "cluster.execution.started", GONE, NS, ORG, 3, AT, obj("{'task_id': 't'}"));
        rejected(GONE, bytes(event), ErrorCode.UNKNOWN_CLUSTER, eventId(event), GONE);
        event = envelope(nextEventId(), "cluster.deleted", GONE, NS, ORG, 3, AT, obj("{}"));
        rejected(GONE, bytes(event), ErrorCode.UNKNOWN_CLUSTER, eventId(event), GONE);

        // ALREADY_EXISTS
        event = liveEvent("cluster.created", obj("{'cluster_name': 'Again', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
        rejected(LIVE, bytes(event), ErrorCode.ALREADY_EXISTS, eventId(event), LIVE);

        // OWNERSHIP_MISMATCH
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'X'}"));
        event.put("namespace_id", "ns_other");
        rejected(LIVE, bytes(event), ErrorCode.OWNERSHIP_MISMATCH, eventId(event), "namespace_id");
        event = liveEvent("cluster.deleted", obj("{}"));
        event.put("organization_id", "org_other");
        rejected(LIVE, bytes(event), ErrorCode.OWNERSHIP_MISMATCH, eventId(event), "organization_id");

        // IMMUTABLE_FIELD: the whole patch is rejected
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'Renamed', 'status': 'COMPLETED'}"));
        rejected(LIVE, bytes(event), ErrorCode.IMMUTABLE_FIELD, eventId(event), "status");
        event = liveEvent("cluster.updated", obj("{'created_at': '2020-01-01T00:00:00Z'}"));
        rejected(LIVE, bytes(event), ErrorCode.IMMUTABLE_FIELD, eventId(event), "created_at");
        event = liveEvent("cluster.updated", obj("{'num_documents_clustered': 5}"));
        rejected(LIVE, bytes(event), ErrorCode.IMMUTABLE_FIELD, eventId(event), "num_documents_clustered");
        event = liveEvent("cluster.updated", obj("{'colour': 'red'}"));
        rejected(LIVE, bytes(event), ErrorCode.IMMUTABLE_FIELD, eventId(event), "colour");
        event = liveEvent("cluster.updated", obj("{'namespace_id': 'ns_main'}"));
        rejected(LIVE, bytes(event), ErrorCode.IMMUTABLE_FIELD, eventId(event), "namespace_id");

        // INVALID_DATA
        event = liveEvent("cluster.updated", obj("{'cluster_type': 'graph'}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "cluster_type");
        event = liveEvent("cluster.updated", obj("{'cluster_name': null}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "cluster_name");
        event = liveEvent("cluster.updated", obj("{'input_collections': []}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "input_collections");
        event = liveEvent("cluster.updated", obj("{'cluster_name': 'Renamed', 'enrich_source': 'yes'}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "enrich_source");
        event = liveEvent("cluster.updated", obj("{'filters': 'lang=en'}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "filters");
        event = liveEvent("cluster.execution.started", obj("{}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "task_id");
        event = liveEvent("cluster.execution.completed", obj("""
                {'task_id': 'task_2', 'num_clusters': 1, 'num_documents_clustered': -1, 'execution_time_seconds': 1}"""));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "num_documents_clustered");
        event = liveEvent("cluster.execution.completed", obj("{'task_id': 'task_2', 'num_clusters': 1, 'num_documents_clustered': 1}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "execution_time_seconds");
        event = envelope(nextEventId(), "cluster.created", "clust_new", NS, ORG, 1, AT,
                obj("{'cluster_name': 'New', 'cluster_type': 'vector'}"));
        rejected("clust_new", bytes(event), ErrorCode.INVALID_DATA, eventId(event), "input_collections");

        // STALE_TASK
        for (String type : List.of("cluster.execution.completed", "cluster.execution.failed", "cluster.execution.canceled")) {
            event = liveEvent(type, obj("""
                    {'task_id': 'task_old', 'num_clusters': 1, 'num_documents_clustered': 1, 'execution_time_seconds': 1}"""));
            rejected(LIVE, bytes(event), ErrorCode.STALE_TASK, eventId(event), "task_old");
        }
        event = envelope(nextEventId(), "cluster.execution.failed", IDLE, NS, ORG, 2, AT, obj("{'task_id': 't'}"));
        rejected(IDLE, bytes(event), ErrorCode.STALE_TASK, eventId(event), "task_id");

        assertThat(codesSeen).containsExactlyInAnyOrder(ErrorCode.values());
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(harness.counters.deadLetteredCount(code)).as("dead-lettered with %s", code)
                    .isEqualTo(rejectedByCode.get(code));
        }
        assertThat(harness.counters.deadLetteredCount())
                .isEqualTo(rejectedByCode.values().stream().mapToLong(Long::longValue).sum());
        // none of the rejected events touched the live cluster: it is still the started one, at sequence 2
        ClusterState live = harness.cluster(LIVE);
        assertThat(live.sequence()).isEqualTo(liveSequence - 1);
        assertThat(live.cluster().get("status").textValue()).isEqualTo("PROCESSING");
        assertThat(harness.cluster("clust_ghost")).isNull();
        assertThat(harness.cluster("clust_new")).isNull();
        assertThat(harness.cluster(GONE)).isEqualTo(new ClusterState(2, null));
        assertThat(harness.counters.duplicateCount()).isZero();
    }

    @Test
    void theFirstApplicableCodeWinsWhenSeveralCausesApply() {
        // unknown type beats the duplicate rule
        ObjectNode event = envelope(nextEventId(), "cluster.exploded", LIVE, NS, ORG, 1, AT, obj("{}"));
        rejected(LIVE, bytes(event), ErrorCode.UNKNOWN_EVENT_TYPE, eventId(event), "event_type");
        // invalid envelope beats unknown type
        event = envelope(nextEventId(), "cluster.exploded", LIVE, NS, ORG, 0, AT, obj("{}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_ENVELOPE, eventId(event), "sequence");
        // already exists beats ownership and invalid data
        event = liveEvent("cluster.created", obj("{}"));
        event.put("namespace_id", "ns_other");
        rejected(LIVE, bytes(event), ErrorCode.ALREADY_EXISTS, eventId(event), LIVE);
        // unknown cluster beats ownership and invalid data
        event = envelope(nextEventId(), "cluster.execution.started", GONE, "ns_other", ORG, 3, AT, obj("{}"));
        rejected(GONE, bytes(event), ErrorCode.UNKNOWN_CLUSTER, eventId(event), GONE);
        // ownership beats immutable field
        event = liveEvent("cluster.updated", obj("{'status': 'FAILED'}"));
        event.put("organization_id", "org_other");
        rejected(LIVE, bytes(event), ErrorCode.OWNERSHIP_MISMATCH, eventId(event), "organization_id");
        // immutable field beats invalid data
        event = liveEvent("cluster.updated", obj("{'cluster_type': 'graph', 'status': 'FAILED'}"));
        rejected(LIVE, bytes(event), ErrorCode.IMMUTABLE_FIELD, eventId(event), "status");
        // invalid data beats stale task
        event = liveEvent("cluster.execution.completed", obj("{'task_id': 'task_old', 'num_clusters': 'many'}"));
        rejected(LIVE, bytes(event), ErrorCode.INVALID_DATA, eventId(event), "num_");
        assertThat(harness.counters.duplicateCount()).isZero();
    }

    /**
     * Fails against the current main code: EventParser decodes the key leniently ({@code new String(key, UTF_8)}), so
     * the invalid byte FF becomes U+FFFD and "equals" a cluster_id of U+FFFD; the event is applied and its view
     * record goes out under the key EF BF BD, not under the record's key.
     */
    @Test
    void aKeyThatIsNotTheUtf8OfTheClusterIdIsAnInvalidEnvelope() {
        // the key bytes FF decode (leniently) to U+FFFD; they are not the UTF-8 of a cluster_id "\uFFFD"
        String replacement = "\uFFFD";
        ObjectNode event = envelope(nextEventId(), "cluster.created", replacement, NS, ORG, 1, AT,
                obj("{'cluster_name': 'n', 'input_collections': ['c'], 'cluster_type': 'vector'}"));
        byte[] key = {(byte) 0xFF};
        long offset = harness.pipe(key, bytes(event), new RecordHeaders());
        assertThat(harness.view.isEmpty()).as("no view record under a key that is not the cluster's").isTrue();
        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(key);
        assertThat(headerValues(dead.get(0).headers(), DeadLetterHeaders.ERROR_CODE)).containsExactly("INVALID_ENVELOPE");
        assertThat(headerValues(dead.get(0).headers(), DeadLetterHeaders.SOURCE_OFFSET))
                .containsExactly(Long.toString(offset));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private void good(String clusterId, long sequence, String type, ObjectNode data) {
        harness.pipe(clusterId, bytes(envelope(nextEventId(), type, clusterId, NS, ORG, sequence, AT, data)));
        assertThat(harness.deadLetters.isEmpty()).as("set-up event %s of %s", type, clusterId).isTrue();
    }

    /** An event of the live cluster with the sequence it would need to be applied now. */
    private ObjectNode liveEvent(String type, ObjectNode data) {
        return envelope(nextEventId(), type, LIVE, NS, ORG, liveSequence, AT, data);
    }

    private static String eventId(JsonNode event) {
        return event.get("event_id").textValue();
    }

    private void rejected(String key, byte[] value, ErrorCode code, String eventId, String messageMentions) {
        rejected(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, code, eventId, messageMentions);
    }

    /**
     * Pipes a bad record with producer headers, checks its dead letter and that nothing else came out, then checks
     * that the next (good) event with the same sequence is applied.
     */
    private void rejected(byte[] key, byte[] value, ErrorCode code, String eventId, String messageMentions) {
        codesSeen.add(code);
        rejectedByCode.merge(code, 1L, Long::sum);
        ClusterState liveBefore = harness.cluster(LIVE);
        long appliedBefore = harness.counters.appliedCount();
        long deadBefore = harness.counters.deadLetteredCount();
        Headers producerHeaders = new RecordHeaders()
                .add("trace-id", utf8("trace-" + eventIdsUsed()))
                .add("content-type", utf8("application/json"))
                .add("binary", new byte[] {0, (byte) 0xFF, 7});
        List<Header> original = List.of(producerHeaders.toArray());
        long offset = harness.pipe(key, value, producerHeaders);

        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        String what = code + " / " + (value == null ? "null" : utf8(value));
        assertThat(dead).as("dead letters of %s", what).hasSize(1);
        TestRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(letter.key()).as("key of %s", what).isEqualTo(key);
        assertThat(letter.value()).as("value of %s", what).isEqualTo(value);
        Headers headers = letter.headers();
        assertThat(headerValues(headers, DeadLetterHeaders.ERROR_CODE)).as("code of %s", what).containsExactly(code.name());
        assertThat(headerValues(headers, DeadLetterHeaders.ERROR_MESSAGE)).as("message of %s", what)
                .singleElement().asString().isNotBlank().contains(messageMentions);
        assertThat(headerValues(headers, DeadLetterHeaders.SOURCE_TOPIC)).containsExactly(TopologyHarness.TOPICS.events());
        assertThat(headerValues(headers, DeadLetterHeaders.SOURCE_PARTITION)).containsExactly("0");
        assertThat(headerValues(headers, DeadLetterHeaders.SOURCE_OFFSET)).containsExactly(Long.toString(offset));
        if (eventId == null) {
            assertThat(headers.lastHeader(DeadLetterHeaders.EVENT_ID)).as("event_id header of %s", what).isNull();
        } else {
            assertThat(headerValues(headers, DeadLetterHeaders.EVENT_ID)).as("event_id of %s", what)
                    .containsExactly(eventId);
        }
        List<Header> copied = new ArrayList<>(List.of(headers.toArray()));
        assertThat(copied).as("producer headers of %s", what).containsAll(original);
        assertThat(copied.subList(0, original.size())).as("producer headers come first").isEqualTo(original);

        assertThat(harness.view.isEmpty()).as("view output of %s", what).isTrue();
        assertThat(harness.stats.isEmpty()).as("stats output of %s", what).isTrue();
        assertThat(harness.cluster(LIVE)).as("live cluster after %s", what).isEqualTo(liveBefore);
        assertThat(harness.counters.deadLetteredCount()).isEqualTo(deadBefore + 1);
        assertThat(harness.counters.appliedCount()).isEqualTo(appliedBefore);

        // processing goes on, and the rejected record did not consume the sequence number
        String name = "name after " + code + " " + offset;
        harness.pipe(LIVE, bytes(liveEvent("cluster.updated", EventJson.obj("{}").put("cluster_name", name))));
        assertThat(harness.deadLetters.isEmpty()).as("dead letters of the good event after %s", what).isTrue();
        List<TestRecord<byte[], byte[]>> views = harness.view.readRecordsToList();
        assertThat(views).as("view of the good event after %s", what).hasSize(1);
        assertThat(parse(views.get(0).value()).get("cluster_name").textValue()).isEqualTo(name);
        assertThat(harness.cluster(LIVE).sequence()).isEqualTo(liveSequence);
        harness.stats.readRecordsToList();
        liveSequence++;
    }

    private static byte[] withInvalidUtf8(ObjectNode event) {
        byte[] json = bytes(event);
        String text = utf8(json);
        int at = text.indexOf("\"X\"") + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(json, 0, at);
        out.write(0xC3);
        out.write(0x28);
        out.write(json, at, json.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
