package io.clusterindex.index;

import io.clusterindex.filter.Search;
import io.clusterindex.fold.ClusterField;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The search of a list query over the rows of one snapshot: term by term, on the remaining rows; per term a row
 * matches when its folded {@code cluster_id}, or the value of {@code cluster_name}, {@code algorithm} or any key
 * of {@code metadata} contains it. Verdicts are cached per distinct value (per row for the ids), across queries;
 * the values the trigram indexes rule out for a term are recorded as failing before any is evaluated.
 */
final class SearchScan {
    private SearchScan() {
    }

    /** The cache key of one search term's verdicts. */
    private record SearchTerm(String term) {
    }

    /** The rows of {@code candidates} whose values contain every term of {@code search}. */
    static long[] search(IndexSegment segment, Search search, long[] candidates) {
        List<ColumnSource> sources = new ArrayList<>();
        sources.add(ColumnSource.of(segment.scalar(ClusterField.CLUSTER_NAME)));
        sources.add(ColumnSource.of(segment.scalar(ClusterField.ALGORITHM)));
        for (DictColumn column : segment.metadataColumns()) {
            sources.add(ColumnSource.of(column));
        }
        String[] foldedIds = segment.foldedIds();
        int[] idNumbers = segment.idNumbers();
        long[] rest = candidates;
        for (String term : search.terms()) {
            SearchTerm condition = new SearchTerm(term);
            byte[] idMemo = segment.idVerdicts(condition);
            TrigramQuery query = TextConditions.ofTerm(term);
            TrigramIndex.Candidates idCandidates = segment.idTrigrams().candidates(query);
            if (idCandidates != null) {
                TextNarrowing.ruleOut(idCandidates, idMemo);
            }
            List<RowTest> mayPass = new ArrayList<>();
            for (ColumnSource source : sources) {
                IntPredicate contains = code -> source.searchContains(code, term);
                if (source.narrowMayPass(condition, query, contains)) {
                    mayPass.add(source.memoized(condition, contains));
                }
            }
            RowTest[] tests = mayPass.toArray(RowTest[]::new);
            IntPredicate idContains = row -> foldedIds[row].contains(term);
            rest = RowBits.select(rest, row -> {
                if (RowTest.ByCode.passes(idMemo, idNumbers[row], idContains, row)) {
                    return true;
                }
                for (RowTest test : tests) {
                    if (test.test(row)) {
                        return true;
                    }
                }
                return false;
            });
        }
        return rest;
    }
}
