package io.clusterindex.index;

import com.google.re2j.Pattern;
import io.clusterindex.filter.Affix;
import io.clusterindex.filter.AnyLeaf;
import io.clusterindex.filter.Contains;
import io.clusterindex.filter.Equals;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.LeafTest;
import io.clusterindex.filter.RegexFind;
import io.clusterindex.filter.ScalarValue;
import io.clusterindex.filter.TextWords;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link TrigramQuery} a string must satisfy to pass a text condition ({@code regex}, {@code contains},
 * {@code starts_with}/{@code ends_with}, {@code text}, {@code eq} on a string) or contain a search term; every
 * other condition gives {@link TrigramQuery#ALL}. A value that is not a string never passes these conditions,
 * except an object or array, whose strings the index does not see (it is always a candidate).
 */
final class TextConditions {
    private static final int PLANNED_FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.MULTILINE
            | Pattern.LONGEST_MATCH;

    private TextConditions() {
    }

    /** The query of a condition ({@link AnyLeaf} or {@link Contains}) met at its path's end. */
    static TrigramQuery of(Filter condition) {
        if (condition instanceof AnyLeaf any) {
            return of(any.test());
        }
        if (condition instanceof Contains contains) {
            return ofString(contains.value());
        }
        return TrigramQuery.ALL;
    }

    private static TrigramQuery of(LeafTest test) {
        if (test instanceof RegexFind regex) {
            Pattern pattern = regex.pattern();
            return (pattern.flags() & ~PLANNED_FLAGS) != 0 ? TrigramQuery.ALL : RegexTrigrams.plan(pattern.pattern());
        }
        if (test instanceof Affix affix) {
            return TrigramQuery.literal(affix.affix());
        }
        if (test instanceof TextWords words) {
            List<TrigramQuery> all = new ArrayList<>();
            for (String word : words.words()) {
                all.add(TrigramQuery.literal(word));
            }
            return TrigramQuery.and(all);
        }
        if (test instanceof Equals equals) {
            return ofString(equals.value());
        }
        return TrigramQuery.ALL;
    }

    private static TrigramQuery ofString(ScalarValue value) {
        return value.kind() == ScalarValue.Kind.STRING ? TrigramQuery.literal(value.text()) : TrigramQuery.ALL;
    }

    /**
     * Whether {@code filter} holds a regex condition the trigram index cannot narrow (its plan is
     * {@link TrigramQuery#ALL}): the index then runs the pattern over every distinct value of the field.
     */
    static boolean hasUnnarrowedRegex(Filter filter) {
        List<Filter> items = ConditionScan.itemsOf(filter);
        if (items != null) {
            return items.stream().anyMatch(TextConditions::hasUnnarrowedRegex);
        }
        return filter instanceof AnyLeaf leaf && leaf.test() instanceof RegexFind && of(leaf) == TrigramQuery.ALL;
    }

    /** The query of a search term (folded). */
    static TrigramQuery ofTerm(String term) {
        return TrigramQuery.literal(term);
    }
}
