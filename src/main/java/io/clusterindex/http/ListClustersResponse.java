package io.clusterindex.http;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.engine.Pagination;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.StatsJson;
import io.clusterindex.json.ViewDocument;
import java.util.List;

/** The body of {@code POST /v1/clusters/list} (api.md, "Response"). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ListClustersResponse(List<ViewDocument> results, PaginationJson pagination, long totalCount, StatsJson stats) {
    /** {@code pagination}: the links of the equivalent offset page, the cursor after this page (null at the end). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PaginationJson(long total, int page, int pageSize, long totalPages, String nextPage, String previousPage,
                          String nextCursor) {
    }

    static ListClustersResponse of(ListQuery query, ListPage page) {
        Pagination pagination = Pagination.of(page.total(), query.limit(), page.skipped());
        boolean more = page.skipped() + page.results().size() < page.total() && !page.results().isEmpty();
        String cursor = more ? query.cursorAfter(page.results().get(page.results().size() - 1).tree()).encode() : null;
        return new ListClustersResponse(page.results(), new PaginationJson(pagination.total(), pagination.page(),
                pagination.pageSize(), pagination.totalPages(), pagination.nextPage(), pagination.previousPage(),
                cursor), page.total(), stats(page.stats()));
    }

    /** The {@code stats} of a list response, also the body of {@code GET /v1/clusters/stats}. */
    static StatsJson stats(Stats stats) {
        return new StatsJson(null, stats.totalClusters(), stats.totalDocuments(), stats.avgDocumentsPerCluster(),
                stats.clustersByStatus());
    }
}
