package io.clusterindex.filter;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * An RE2 pattern as a deterministic automaton (Lucene's), for confirming many candidate strings at a few
 * nanoseconds a character where RE2/J's NFA takes about a microsecond a string. Only the common part of RE2 syntax
 * is compiled: literals, {@code .}, classes with ranges and {@code \d \w \s}, groups, alternation, repetition, and
 * {@code ^} / {@code $} as the very first / last character of a pattern without a top-level alternation. Anything
 * else (flags, Unicode classes, word boundaries, non-ASCII literals or negated classes when case-insensitive, a
 * pattern or automaton over the limits) compiles to {@code null}: the caller keeps RE2/J, whose answers these must
 * equal (the differential test holds them to it).
 *
 * <p>Semantics are RE2/J's with its Perl flags: {@code .} is any code point but {@code \n}, negated classes include
 * {@code \n}, {@code ^}/{@code $} match only at the ends of the text, case-insensitive patterns match each ASCII
 * letter's simple case-folding orbit (so {@code k} also matches U+212A KELVIN SIGN and {@code s} U+017F LONG S).
 */
public final class RegexAutomaton {
    private static final int MAX_PATTERN_CHARS = 1_000;
    private static final int MAX_REPEAT = 100;
    private static final int MAX_NFA_STATES = 5_000;
    private static final int DETERMINIZE_WORK_LIMIT = 10_000;
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;
    private static final int KELVIN_SIGN = 0x212A;
    private static final int LONG_S = 0x017F;

    private final CharacterRunAutomaton automaton;
    private final boolean openEnd;

    private RegexAutomaton(CharacterRunAutomaton automaton, boolean openEnd) {
        this.automaton = automaton;
        this.openEnd = openEnd;
    }

    /**
     * The automaton that finds {@code regex} (RE2 syntax, as RE2/J compiles it, case-insensitive or not) somewhere
     * in a string, or null when the pattern uses syntax this class leaves to RE2/J or is too large.
     */
    public static RegexAutomaton compile(String regex, boolean caseInsensitive) {
        if (regex.length() > MAX_PATTERN_CHARS) {
            return null;
        }
        try {
            Parser parser = new Parser(regex, caseInsensitive);
            Automaton body = parser.pattern();
            List<Automaton> parts = new ArrayList<>(3);
            if (!parser.anchoredStart) {
                parts.add(Automata.makeAnyString());
            }
            parts.add(body);
            if (!parser.anchoredEnd) {
                parts.add(Automata.makeAnyString());
            }
            Automaton find = Operations.determinize(Operations.concatenate(parts), DETERMINIZE_WORK_LIMIT);
            return new RegexAutomaton(new CharacterRunAutomaton(find, DETERMINIZE_WORK_LIMIT), !parser.anchoredEnd);
        } catch (Unsupported | IllegalArgumentException | TooComplexToDeterminizeException e) {
            return null;
        }
    }

    /** Whether the pattern matches somewhere in {@code text}. */
    public boolean find(String text) {
        int state = 0;
        if (openEnd && automaton.isAccept(state)) {
            return true;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            state = automaton.step(state, cp);
            if (state == -1) {
                return false;
            }
            if (openEnd && automaton.isAccept(state)) {
                return true;
            }
        }
        return automaton.isAccept(state);
    }

    /**
     * Whether the pattern matches somewhere in the string whose characters, all below U+0100, are the bytes
     * {@code from} (inclusive) to {@code to} of {@code latin1} (ISO 8859-1, one code point a byte).
     */
    public boolean findLatin1(byte[] latin1, int from, int to) {
        int state = 0;
        if (openEnd && automaton.isAccept(state)) {
            return true;
        }
        for (int i = from; i < to; i++) {
            state = automaton.step(state, latin1[i] & 0xFF);
            if (state == -1) {
                return false;
            }
            if (openEnd && automaton.isAccept(state)) {
                return true;
            }
        }
        return automaton.isAccept(state);
    }

    /** Thrown for syntax left to RE2/J. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** A recursive-descent reader of the supported RE2 syntax, building the automaton as it goes. */
    private static final class Parser {
        private final String pattern;
        private final boolean fold;
        private int at;
        private int depth;
        private boolean topLevelAlternation;
        boolean anchoredStart;
        boolean anchoredEnd;

        Parser(String pattern, boolean fold) {
            this.pattern = pattern;
            this.fold = fold;
        }

        Automaton pattern() {
            if (pattern.startsWith("^")) {
                anchoredStart = true;
                at = 1;
            }
            Automaton result = alternation();
            if (at != pattern.length() || (anchoredStart || anchoredEnd) && topLevelAlternation) {
                throw new Unsupported();
            }
            return result;
        }

        private boolean more() {
            return at < pattern.length();
        }

        private int peek() {
            return pattern.codePointAt(at);
        }

        private int next() {
            if (!more()) {
                throw new Unsupported();
            }
            int cp = pattern.codePointAt(at);
            at += Character.charCount(cp);
            return cp;
        }

        private Automaton alternation() {
            List<Automaton> branches = new ArrayList<>();
            branches.add(concatenation());
            while (more() && peek() == '|') {
                next();
                if (depth == 0) {
                    topLevelAlternation = true;
                }
                branches.add(concatenation());
            }
            return checked(branches.size() == 1 ? branches.get(0) : Operations.union(branches));
        }

        private Automaton concatenation() {
            List<Automaton> parts = new ArrayList<>();
            while (more() && peek() != '|' && peek() != ')') {
                if (peek() == '$' && at == pattern.length() - 1 && depth == 0) {
                    next();
                    anchoredEnd = true;
                    break;
                }
                parts.add(repeated(atom()));
            }
            if (parts.isEmpty()) {
                return Automata.makeEmptyString();
            }
            return checked(parts.size() == 1 ? parts.get(0) : Operations.concatenate(parts));
        }

        private Automaton repeated(Automaton atom) {
            Automaton result = atom;
            while (more()) {
                int op = peek();
                if (op == '*') {
                    next();
                    result = Operations.repeat(result);
                } else if (op == '+') {
                    next();
                    result = Operations.repeat(result, 1);
                } else if (op == '?') {
                    next();
                    result = Operations.optional(result);
                } else if (op == '{' && repeatAhead()) {
                    next();
                    int min = number();
                    int max = min;
                    if (peek() == ',') {
                        next();
                        max = peek() == '}' ? -1 : number();
                    }
                    next();
                    result = max < 0 ? Operations.repeat(result, min) : Operations.repeat(result, min, max);
                } else {
                    return result;
                }
                if (more() && peek() == '?') {
                    next();
                }
                checked(result);
            }
            return result;
        }

        /** Whether a {@code {n}}, {@code {n,}} or {@code {n,m}} starts here (else RE2 reads the brace literally). */
        private boolean repeatAhead() {
            int i = at + 1;
            int digits = 0;
            while (i < pattern.length() && Character.isDigit(pattern.charAt(i)) && pattern.charAt(i) < 0x80) {
                i++;
                digits++;
            }
            if (digits == 0 || i >= pattern.length()) {
                return false;
            }
            if (pattern.charAt(i) == ',') {
                i++;
                while (i < pattern.length() && pattern.charAt(i) >= '0' && pattern.charAt(i) <= '9') {
                    i++;
                }
            }
            return i < pattern.length() && pattern.charAt(i) == '}';
        }

        private int number() {
            int start = at;
            while (more() && peek() >= '0' && peek() <= '9') {
                next();
            }
            if (at - start > 3) {
                throw new Unsupported();
            }
            int value = Integer.parseInt(pattern.substring(start, at));
            if (value > MAX_REPEAT) {
                throw new Unsupported();
            }
            return value;
        }

        private Automaton atom() {
            int cp = next();
            switch (cp) {
                case '(':
                    return group();
                case '[':
                    return chars(charClass());
                case '\\':
                    return escape();
                case '.':
                    return chars(new int[] {0, '\n' - 1, '\n' + 1, MAX_CODE_POINT});
                case '^':
                case '$':
                case '*':
                case '+':
                case '?':
                case ')':
                case '|':
                    throw new Unsupported();
                default:
                    return literal(cp);
            }
        }

        private Automaton group() {
            if (more() && peek() == '?') {
                next();
                int kind = next();
                if (kind == 'P' || kind == '<') {
                    if (kind == 'P' && next() != '<') {
                        throw new Unsupported();
                    }
                    while (next() != '>') {
                        // the group's name
                    }
                } else if (kind != ':') {
                    throw new Unsupported();
                }
            }
            depth++;
            Automaton inner = alternation();
            depth--;
            if (next() != ')') {
                throw new Unsupported();
            }
            return inner;
        }

        private Automaton escape() {
            int cp = next();
            int[] perl = perlClass(cp);
            if (perl != null) {
                return chars(perl);
            }
            return literal(escapedChar(cp));
        }

        /**
         * The ranges of {@code \d}, {@code \w}, {@code \s} (folded when case-insensitive) and, case-sensitive only,
         * {@code \D}, {@code \W}, {@code \S}; null for any other escape.
         */
        private int[] perlClass(int cp) {
            int[] positive = switch (Character.toLowerCase(cp)) {
                case 'd' -> new int[] {'0', '9'};
                case 'w' -> new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
                case 's' -> new int[] {'\t', '\n', '\f', '\r', ' ', ' '};
                default -> null;
            };
            if (positive == null || cp >= 0x80) {
                return null;
            }
            if (Character.isUpperCase(cp)) {
                if (fold) {
                    throw new Unsupported();
                }
                return complement(positive);
            }
            return folded(positive);
        }

        /** The character of an escape that stands for one character (after the backslash and {@code cp}). */
        private int escapedChar(int cp) {
            int[] decoded = RegexEscapes.single(pattern, at, cp);
            at = decoded[1];
            return decoded[0];
        }

        /** A bracketed class (after the {@code [}) as sorted, disjoint, inclusive ranges. */
        private int[] charClass() {
            boolean negated = more() && peek() == '^';
            if (negated) {
                if (fold) {
                    throw new Unsupported();
                }
                next();
            }
            List<int[]> items = new ArrayList<>();
            boolean first = true;
            while (first || peek() != ']') {
                first = false;
                if (pattern.startsWith("[:", at)) {
                    throw new Unsupported();
                }
                int low = next();
                if (low == '\\') {
                    int escaped = next();
                    int[] perl = perlClass(escaped);
                    if (perl != null) {
                        items.add(perl);
                        continue;
                    }
                    low = escapedChar(escaped);
                }
                int high = low;
                if (more() && peek() == '-' && at + 1 < pattern.length() && pattern.charAt(at + 1) != ']') {
                    next();
                    high = next();
                    if (high == '\\') {
                        high = escapedChar(next());
                    }
                    if (high < low) {
                        throw new Unsupported();
                    }
                }
                items.add(folded(new int[] {low, high}));
            }
            next();
            int[] ranges = union(items);
            return negated ? complement(ranges) : ranges;
        }

        private Automaton literal(int cp) {
            return chars(folded(new int[] {cp, cp}));
        }

        /**
         * {@code ranges} with every ASCII letter's case-folding orbit added when the pattern is case-insensitive;
         * a non-ASCII member then is left to RE2/J.
         */
        private int[] folded(int[] ranges) {
            if (!fold) {
                return ranges;
            }
            List<int[]> items = new ArrayList<>();
            items.add(ranges);
            for (int i = 0; i < ranges.length; i += 2) {
                if (ranges[i + 1] >= 0x80) {
                    throw new Unsupported();
                }
                for (int c = ranges[i]; c <= ranges[i + 1]; c++) {
                    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                        int other = c ^ 0x20;
                        items.add(new int[] {other, other});
                        if (c == 'k' || c == 'K') {
                            items.add(new int[] {KELVIN_SIGN, KELVIN_SIGN});
                        } else if (c == 's' || c == 'S') {
                            items.add(new int[] {LONG_S, LONG_S});
                        }
                    }
                }
            }
            return union(items);
        }

        /** One code point out of {@code ranges}. */
        private static Automaton chars(int[] ranges) {
            if (ranges.length == 0) {
                return Automata.makeEmpty();
            }
            List<Automaton> any = new ArrayList<>(ranges.length / 2);
            for (int i = 0; i < ranges.length; i += 2) {
                any.add(Automata.makeCharRange(ranges[i], ranges[i + 1]));
            }
            return any.size() == 1 ? any.get(0) : Operations.union(any);
        }

        private static Automaton checked(Automaton automaton) {
            if (automaton.getNumStates() > MAX_NFA_STATES) {
                throw new Unsupported();
            }
            return automaton;
        }
    }

    /** The sorted, disjoint, merged ranges of all of {@code items} (each a list of inclusive ranges). */
    static int[] union(List<int[]> items) {
        List<int[]> pairs = new ArrayList<>();
        for (int[] item : items) {
            for (int i = 0; i < item.length; i += 2) {
                pairs.add(new int[] {item[i], item[i + 1]});
            }
        }
        pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<Integer> merged = new ArrayList<>();
        for (int[] pair : pairs) {
            int last = merged.size() - 1;
            if (last > 0 && pair[0] <= merged.get(last) + 1) {
                merged.set(last, Math.max(merged.get(last), pair[1]));
            } else {
                merged.add(pair[0]);
                merged.add(pair[1]);
            }
        }
        return merged.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The code points outside {@code ranges} (sorted, disjoint). */
    static int[] complement(int[] ranges) {
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out.add(next);
                out.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            out.add(next);
            out.add(MAX_CODE_POINT);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
