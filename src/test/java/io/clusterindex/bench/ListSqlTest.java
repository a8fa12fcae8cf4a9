package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The translation of list requests into SQL for the PostgreSQL benchmark ({@link ListSql}), without a server. */
class ListSqlTest {
    private static final String NS = "ns_dev";

    @Test
    void noBodySortsNewestFirstAndCountsByTwoScans() {
        ListSql.Statement statement = ListSql.translate(NS, 50, 100, null, ListSql.Shape.AUTO);
        assertThat(statement.sql()).contains("ORDER BY c.created_at DESC NULLS LAST, c.cluster_id\n")
                .contains("GROUP BY c.status").doesNotContain("MATERIALIZED");
        assertThat(statement.parameters()).containsExactly(NS, 50L, 100L, NS);
    }

    @Test
    void aRegexIsCaseInsensitiveUnlessCaseSensitiveAndScansOnce() throws IOException {
        ListSql.Statement folded = translate("""
                {"filters": {"AND": [{"field": "cluster_name", "operator": "regex", "value": "^Bug"}]},
                 "sort": {"field": "cluster_name", "direction": "asc"}}""");
        assertThat(folded.sql()).contains("(c.cluster_name ~* ?)").contains("MATERIALIZED")
                .contains("ORDER BY m.sort_value ASC NULLS LAST, m.cluster_id");
        assertThat(folded.parameters()).containsExactly(NS, "^Bug", 50L, 0L, NS);
        ListSql.Statement exact = translate("""
                {"filters": {"case_sensitive": true, "AND": [
                    {"field": "cluster_name", "operator": "regex", "value": "^Bug"}]}}""");
        assertThat(exact.sql()).contains("(c.cluster_name ~ ?)");
    }

    @Test
    void stringsCompareFoldedAndValuesOfAnotherTypeNeverMatch() throws IOException {
        ListSql.Statement statement = translate("""
                {"filters": {"AND": [
                    {"field": "status", "operator": "in", "value": ["COMPLETED", "Failed"]},
                    {"field": "metadata.team", "value": "Search"},
                    {"field": "num_documents_clustered", "operator": "gte", "value": "many"},
                    {"field": "metadata.priority", "operator": "gte", "value": 250},
                    {"field": "created_at", "operator": "lt", "value": "2026-07-01T00:00:00Z"}]}}""");
        assertThat(statement.sql()).contains("lower(c.status) = ANY(?)")
                .contains("(lower(" + ListSql.metadataText("c.", "team") + ") = ?)").contains("FALSE")
                .contains("(" + ListSql.metadataNumber("c.", "priority") + " >= ?)").contains("(c.created_at < ?)");
        assertThat(statement.parameters()).contains(new ListSql.TextArray(List.of("completed", "failed")), "search",
                new BigDecimal(250), OffsetDateTime.parse("2026-07-01T00:00Z"));
    }

    @Test
    void notTreatsAMissingFieldAsNotMatching() throws IOException {
        ListSql.Statement statement = translate("""
                {"filters": {"NOT": {"field": "algorithm", "value": "dbscan"}}}""");
        assertThat(statement.sql()).contains("NOT COALESCE((lower(c.algorithm) = ?), false)");
    }

    @Test
    void searchTermsAreSplitFoldedAndEscaped() throws IOException {
        ListSql.Statement statement = translate("""
                {"search": "  Tickets 50%_off\\\\x "}""");
        assertThat(statement.sql()).contains("(c.search_text LIKE ? AND c.search_text LIKE ?)");
        assertThat(statement.parameters()).containsExactly(NS, "%tickets%", "%50\\%\\_off\\\\x%", 50L, 0L, NS);
    }

    @Test
    void refusesWhatItDoesNotTranslate() {
        assertThatThrownBy(() -> translate("""
                {"filters": {"AND": [{"field": "cluster_name", "operator": "text", "value": "bug"}]}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operator 'text'");
        assertThatThrownBy(() -> translate("""
                {"filters": {"AND": [{"field": "input_collections", "operator": "eq", "value": "x"}]}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'input_collections'");
        assertThatThrownBy(() -> translate("""
                {"sort": {"field": "metadata.team"}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sort on 'metadata.team'");
        assertThatThrownBy(() -> translate("""
                {"filters": {"AND": [{"field": "status", "operator": "eq", "value": null}]}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only strings and numbers");
    }

    @Test
    void everyListQueryOfTheMixTranslates() throws IOException {
        for (QueryMix.Query query : QueryMix.withVaried(new QueryDataset(10, 42))) {
            if (query.kind() != QueryMix.Kind.LIST) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < 50; i++) {
                QueryClient.Request request = query.request(random);
                JsonNode body = request.body() == null ? null : Json.MAPPER.readTree(request.body());
                ListSql.Statement statement = ListSql.translate(NS, 50, 0, body, ListSql.Shape.AUTO);
                assertThat(statement.sql().chars().filter(c -> c == '?').count()).as(query.name())
                        .isEqualTo(statement.parameters().size());
            }
        }
    }

    private static ListSql.Statement translate(String body) throws IOException {
        return ListSql.translate(NS, 50, 0, Json.MAPPER.readTree(body), ListSql.Shape.AUTO);
    }
}
