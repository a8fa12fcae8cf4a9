package io.clusterindex.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.filter.AllOf;
import io.clusterindex.filter.AnyLeaf;
import io.clusterindex.filter.AnyOf;
import io.clusterindex.filter.Contains;
import io.clusterindex.filter.Exists;
import io.clusterindex.filter.FieldPath;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.IsNull;
import io.clusterindex.filter.MatchAll;
import io.clusterindex.filter.NoneOf;
import io.clusterindex.filter.RegexAutomaton;
import io.clusterindex.filter.RegexFind;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A filter tree evaluated as bit sets over the rows of one snapshot: ordering and {@code eq} conditions on
 * instants and numbers through the writer's sorted orders ({@link RangeScan}), every other condition once per
 * distinct value of its column (the verdicts kept in the column across queries; text conditions first narrowed by
 * the trigram index, {@link TextNarrowing}). Every condition is the engine's own node, evaluated on the same value
 * it would meet in the document.
 */
final class ConditionScan {
    private final ScanColumns columns;

    ConditionScan(ScanColumns columns) {
        this.columns = columns;
    }

    /** Whether every condition of {@code filter} is on a path the index holds. */
    static boolean supports(Filter filter) {
        List<Filter> items = itemsOf(filter);
        if (items != null) {
            return items.stream().allMatch(ConditionScan::supports);
        }
        return filter == MatchAll.INSTANCE || ScanColumns.holds(pathOf(filter));
    }

    /** The items of a logical node, null for a condition. */
    static List<Filter> itemsOf(Filter filter) {
        if (filter instanceof AllOf all) {
            return all.items();
        }
        if (filter instanceof AnyOf any) {
            return any.items();
        }
        return filter instanceof NoneOf none ? none.items() : null;
    }

    /** The rows of {@code candidates} that {@code filter} matches. */
    long[] filter(Filter filter, long[] candidates) {
        if (filter == MatchAll.INSTANCE) {
            return candidates;
        }
        if (filter instanceof AllOf all) {
            long[] rest = candidates;
            for (Filter item : all.items()) {
                rest = filter(item, rest);
            }
            return rest;
        }
        if (filter instanceof AnyOf any) {
            return anyOf(any.items(), candidates);
        }
        if (filter instanceof NoneOf none) {
            return RowBits.andNot(candidates, anyOf(none.items(), candidates));
        }
        long[] ranged = RangeScan.select(filter, columns, candidates);
        return ranged != null ? ranged : leaf(filter, TextNarrowing.narrow(columns, filter, candidates));
    }

    /** The rows of {@code candidates} that the condition {@code leaf} matches: by code's rows, else row by row. */
    private long[] leaf(Filter leaf, long[] candidates) {
        FieldPath path = pathOf(leaf);
        ScanColumns.Located located = columns.locate(path);
        ColumnSource source = located.source();
        IntPredicate verdict = verdict(leaf, path, source, located.depth());
        long[] byCode = source.perRow() ? null : source.selectByCode(leaf, verdict, candidates);
        return byCode != null ? byCode : RowBits.select(candidates, source.memoized(leaf, verdict));
    }

    private long[] anyOf(List<Filter> items, long[] candidates) {
        long[] matched = new long[candidates.length];
        long[] rest = candidates;
        for (Filter item : items) {
            long[] hits = filter(item, rest);
            for (int w = 0; w < matched.length; w++) {
                matched[w] |= hits[w];
            }
            rest = RowBits.andNot(rest, hits);
        }
        return matched;
    }

    /** {@code leaf}'s verdict on a value of {@code source} (by code, or by row for a per-row source). */
    private static IntPredicate verdict(Filter leaf, FieldPath path, ColumnSource source, int depth) {
        if (!source.perRow() && leaf instanceof AnyLeaf any && any.test() instanceof RegexFind find
                && find.automaton() != null && path.depth() == depth) {
            // a packed string is the leaf itself: the automaton reads its bytes where the column keeps them
            RegexAutomaton automaton = find.automaton();
            DictEntries entries = source.entries();
            byte[] text = entries.text();
            int[] ends = entries.textEnds();
            return code -> entries.packed(code)
                    ? automaton.findLatin1(text, entries.textStart(code), ends[code])
                    : matches(leaf, path, source.value(code), depth);
        }
        return rowOrCode -> matches(leaf, path, source.value(rowOrCode), depth);
    }

    static FieldPath pathOf(Filter leaf) {
        if (leaf instanceof AnyLeaf any) {
            return any.path();
        }
        if (leaf instanceof Contains contains) {
            return contains.path();
        }
        if (leaf instanceof Exists exists) {
            return exists.path();
        }
        if (leaf instanceof IsNull isNull) {
            return isNull.path();
        }
        throw new IllegalArgumentException("not a condition: " + leaf);
    }

    /** The condition on the value found at {@code depth} keys of {@code path} (null: absent there). */
    private static boolean matches(Filter leaf, FieldPath path, JsonNode value, int depth) {
        if (leaf instanceof AnyLeaf any) {
            return path.anyTerminalFrom(value, depth, any);
        }
        if (leaf instanceof Contains contains) {
            return path.anyTerminalFrom(value, depth, contains);
        }
        boolean present = path.anyTerminalFrom(value, depth, Exists.ANY);
        if (leaf instanceof Exists) {
            return present;
        }
        if (leaf instanceof IsNull) {
            return !present || path.anyTerminalFrom(value, depth, IsNull.NULL);
        }
        throw new IllegalArgumentException("not a condition: " + leaf);
    }
}
