package io.clusterindex.index;

import io.clusterindex.filter.RegexEscapes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans the {@link TrigramQuery} of an RE2 pattern, in the manner of Russ Cox's "Regular Expression Matching with
 * a Trigram Index": each part of the pattern is described by the set of strings it can match when that set is
 * small ({@code exact}, in {@link Trigrams} normal form, a character that matches too much standing as a run
 * break), or else by a query its matches satisfy; concatenation multiplies the sets, alternation unites them, and
 * the sets become queries (any of their strings, all of each string's trigrams) when they grow too large.
 *
 * <p>Case does not matter here: both sides are in normal form, which is the same for every case a literal can match
 * in. Anything the planner does not understand gives {@link TrigramQuery#ALL}, never a wrong narrowing: an
 * optional part ({@code ?}, {@code *}, {@code {0,n}}) may match nothing, a repeated one ({@code +},
 * {@code {n,}}) keeps one copy's query.
 */
final class RegexTrigrams {
    /** The most strings an exact set holds before it turns into a query. */
    private static final int MAX_EXACT = 64;
    /** The most characters a class is spelled out as, beyond which it stands as a run break. */
    private static final int MAX_CLASS = 16;
    private static final String BREAK = "\uffff";
    private static final Info ANY_CHAR = new Info(Set.of(BREAK), null);
    private static final Info EMPTY = new Info(Set.of(""), null);
    private static final Info UNKNOWN = new Info(null, TrigramQuery.ALL);

    /** The strings a part matches ({@code exact}, null when unknown), else a query its matches satisfy. */
    private record Info(Set<String> exact, TrigramQuery match) {
        TrigramQuery query() {
            if (exact == null) {
                return match;
            }
            List<TrigramQuery> any = new ArrayList<>();
            for (String text : exact) {
                any.add(TrigramQuery.literal(text));
            }
            return TrigramQuery.or(any);
        }
    }

    /** Thrown for syntax the planner does not follow; the plan is then {@link TrigramQuery#ALL}. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private final String pattern;
    private int at;

    private RegexTrigrams(String pattern) {
        this.pattern = pattern;
    }

    /** The query every string in which {@code pattern} (RE2 syntax, any flags) finds a match satisfies. */
    static TrigramQuery plan(String pattern) {
        try {
            RegexTrigrams parser = new RegexTrigrams(pattern);
            Info info = parser.alternation();
            if (parser.at != pattern.length()) {
                return TrigramQuery.ALL;
            }
            return info.query();
        } catch (Unsupported | IndexOutOfBoundsException | IllegalArgumentException e) {
            return TrigramQuery.ALL;
        }
    }

    private boolean more() {
        return at < pattern.length();
    }

    private int peek() {
        return pattern.codePointAt(at);
    }

    private int next() {
        int cp = pattern.codePointAt(at);
        at += Character.charCount(cp);
        return cp;
    }

    private void expect(int cp) {
        if (!more() || next() != cp) {
            throw new Unsupported();
        }
    }

    private Info alternation() {
        Info result = concatenation();
        while (more() && peek() == '|') {
            next();
            result = union(result, concatenation());
        }
        return result;
    }

    /**
     * A sequence: exact sets multiplied while they stay small; a part without one (or a product too large) closes
     * the run so far into a query, and the next run starts after it.
     */
    private Info concatenation() {
        List<TrigramQuery> closed = new ArrayList<>();
        Info run = EMPTY;
        while (more() && peek() != '|' && peek() != ')') {
            Info next = repeated(atom());
            if (next.exact() == null) {
                closed.add(run.query());
                closed.add(next.match());
                run = EMPTY;
            } else if ((long) run.exact().size() * next.exact().size() > MAX_EXACT) {
                closed.add(run.query());
                run = next;
            } else {
                run = concat(run, next);
            }
        }
        if (closed.isEmpty()) {
            return run;
        }
        closed.add(run.query());
        return new Info(null, TrigramQuery.and(closed));
    }

    private Info repeated(Info atom) {
        Info result = atom;
        while (more()) {
            int op = peek();
            if (op == '*') {
                next();
                result = UNKNOWN;
            } else if (op == '?') {
                next();
                result = optional(result);
            } else if (op == '+') {
                next();
                result = new Info(null, result.query());
            } else if (op == '{') {
                next();
                int min = number();
                int max = min;
                if (peek() == ',') {
                    next();
                    max = peek() == '}' ? -1 : number();
                }
                expect('}');
                result = min == 0 ? (max == 1 ? optional(result) : UNKNOWN) : new Info(null, result.query());
            } else {
                return result;
            }
            if (more() && peek() == '?') {
                next();
            }
        }
        return result;
    }

    private int number() {
        int start = at;
        while (more() && peek() >= '0' && peek() <= '9') {
            next();
        }
        if (at == start || at - start > 4) {
            throw new Unsupported();
        }
        return Integer.parseInt(pattern.substring(start, at));
    }

    private Info atom() {
        int cp = next();
        switch (cp) {
            case '(':
                return group();
            case '[':
                return charClass();
            case '\\':
                return escape();
            case '.':
                return ANY_CHAR;
            case '^':
            case '$':
                return EMPTY;
            case '*':
            case '+':
            case '?':
            case '{':
            case ')':
            case '|':
                throw new Unsupported();
            default:
                return literal(cp);
        }
    }

    private Info group() {
        if (more() && peek() == '?') {
            next();
            if (peek() == 'P' || peek() == '<') {
                if (next() == 'P') {
                    expect('<');
                }
                while (next() != '>') {
                    // the group's name
                }
            } else {
                int flag;
                while ((flag = next()) != ':') {
                    if (flag == ')') {
                        return EMPTY;
                    }
                    if ("imsU-".indexOf(flag) < 0) {
                        throw new Unsupported();
                    }
                }
            }
        }
        Info inner = alternation();
        expect(')');
        return inner;
    }

    private Info escape() {
        int cp = next();
        switch (cp) {
            case 'd':
                return chars(digits());
            case 'D':
            case 'w':
            case 'W':
            case 's':
            case 'S':
                return ANY_CHAR;
            case 'p':
            case 'P':
                unicodeClassName();
                return ANY_CHAR;
            case 'b':
            case 'B':
            case 'A':
            case 'z':
                return EMPTY;
            case 'Q':
                return quoted();
            default:
                return literal(escapedChar(cp));
        }
    }

    private void unicodeClassName() {
        if (next() == '{') {
            while (next() != '}') {
                // the class name
            }
        }
    }

    private Info quoted() {
        Info result = EMPTY;
        while (more() && !pattern.startsWith("\\E", at)) {
            result = concat(result, literal(next()));
        }
        if (more()) {
            at += 2;
        }
        return result;
    }

    /** The character of an escape that stands for one character (after the backslash and {@code cp}). */
    private int escapedChar(int cp) {
        int[] decoded = RegexEscapes.single(pattern, at, cp);
        at = decoded[1];
        return decoded[0];
    }

    private Info charClass() {
        boolean negated = more() && peek() == '^';
        if (negated) {
            next();
        }
        Set<Integer> members = new LinkedHashSet<>();
        boolean tooMany = false;
        boolean firstItem = true;
        while (firstItem || peek() != ']') {
            firstItem = false;
            if (pattern.startsWith("[:", at)) {
                int end = pattern.indexOf(":]", at + 2);
                if (end < 0) {
                    throw new Unsupported();
                }
                at = end + 2;
                tooMany = true;
                continue;
            }
            int low = next();
            if (low == '\\') {
                int escaped = next();
                if (escaped == 'd') {
                    members.addAll(digits());
                    continue;
                }
                if ("DwWsS".indexOf(escaped) >= 0) {
                    tooMany = true;
                    continue;
                }
                if (escaped == 'p' || escaped == 'P') {
                    unicodeClassName();
                    tooMany = true;
                    continue;
                }
                low = escapedChar(escaped);
            }
            int high = low;
            if (peek() == '-' && pattern.codePointAt(at + 1) != ']') {
                next();
                high = next();
                if (high == '\\') {
                    high = escapedChar(next());
                }
            }
            if (high < low) {
                throw new Unsupported();
            }
            if (high - low >= MAX_CLASS) {
                tooMany = true;
                continue;
            }
            for (int c = low; c <= high; c++) {
                members.add(c);
            }
        }
        next();
        if (negated || tooMany) {
            return ANY_CHAR;
        }
        return chars(members);
    }

    private static Set<Integer> digits() {
        Set<Integer> digits = new LinkedHashSet<>();
        for (int c = '0'; c <= '9'; c++) {
            digits.add(c);
        }
        return digits;
    }

    /** One character out of {@code members} (code points). */
    private static Info chars(Set<Integer> members) {
        Set<String> exact = new LinkedHashSet<>();
        for (int cp : members) {
            exact.add(normal(cp));
        }
        if (exact.size() > MAX_CLASS) {
            return ANY_CHAR;
        }
        return new Info(exact, null);
    }

    private static Info literal(int cp) {
        return new Info(Set.of(normal(cp)), null);
    }

    private static String normal(int cp) {
        int normal = Character.isBmpCodePoint(cp) ? Trigrams.normal((char) cp) : Trigrams.BREAK;
        return normal == Trigrams.BREAK ? BREAK : String.valueOf((char) normal);
    }

    private static Info optional(Info info) {
        if (info.exact() == null) {
            return UNKNOWN;
        }
        Set<String> exact = new LinkedHashSet<>(info.exact());
        exact.add("");
        return exact.size() > MAX_EXACT ? UNKNOWN : new Info(exact, null);
    }

    private static Info concat(Info left, Info right) {
        Set<String> exact = new LinkedHashSet<>();
        for (String a : left.exact()) {
            for (String b : right.exact()) {
                exact.add(a + b);
            }
        }
        return new Info(exact, null);
    }

    private static Info union(Info left, Info right) {
        if (left.exact() != null && right.exact() != null
                && left.exact().size() + right.exact().size() <= MAX_EXACT) {
            Set<String> exact = new LinkedHashSet<>(left.exact());
            exact.addAll(right.exact());
            return new Info(exact, null);
        }
        return new Info(null, TrigramQuery.or(List.of(left.query(), right.query())));
    }
}
