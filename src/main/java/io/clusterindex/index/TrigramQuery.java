package io.clusterindex.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a value must contain to possibly match a text condition: all of / any of some trigrams, or {@link #ALL}
 * (no constraint). A query only ever narrows: every value that matches the condition satisfies it.
 */
sealed interface TrigramQuery {
    /** No constraint. */
    TrigramQuery ALL = new All();

    /** No constraint. */
    record All() implements TrigramQuery {
        @Override
        public String toString() {
            return "ALL";
        }
    }

    /** The value contains this trigram. */
    record Gram(int trigram) implements TrigramQuery {
        @Override
        public String toString() {
            return "\"" + Trigrams.text(trigram) + "\"";
        }
    }

    /** Every item holds (at least two items, none {@link #ALL}). */
    record And(List<TrigramQuery> items) implements TrigramQuery {
        @Override
        public String toString() {
            return items.stream().map(TrigramQuery::toString).collect(Collectors.joining(" ", "(", ")"));
        }
    }

    /** Some item holds (at least two items, none {@link #ALL}). */
    record Or(List<TrigramQuery> items) implements TrigramQuery {
        @Override
        public String toString() {
            return items.stream().map(TrigramQuery::toString).collect(Collectors.joining("|", "(", ")"));
        }
    }

    /** The value contains {@code literal} (in the sense of {@link Trigrams}): all of its trigrams. */
    static TrigramQuery literal(CharSequence literal) {
        List<TrigramQuery> grams = new ArrayList<>();
        for (int trigram : Trigrams.of(literal)) {
            grams.add(new Gram(trigram));
        }
        return and(grams);
    }

    static TrigramQuery and(List<TrigramQuery> items) {
        Set<TrigramQuery> kept = new LinkedHashSet<>();
        for (TrigramQuery item : items) {
            if (item instanceof And and) {
                kept.addAll(and.items());
            } else if (item != ALL) {
                kept.add(item);
            }
        }
        if (kept.isEmpty()) {
            return ALL;
        }
        return kept.size() == 1 ? kept.iterator().next() : new And(List.copyOf(kept));
    }

    static TrigramQuery or(List<TrigramQuery> items) {
        Set<TrigramQuery> kept = new LinkedHashSet<>();
        for (TrigramQuery item : items) {
            if (item == ALL) {
                return ALL;
            }
            if (item instanceof Or or) {
                kept.addAll(or.items());
            } else {
                kept.add(item);
            }
        }
        if (kept.isEmpty()) {
            return ALL;
        }
        return kept.size() == 1 ? kept.iterator().next() : new Or(List.copyOf(kept));
    }
}
