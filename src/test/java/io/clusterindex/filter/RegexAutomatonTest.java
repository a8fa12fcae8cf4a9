package io.clusterindex.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegexAutomatonTest {
    /** Pattern pieces: literals (with case-folding traps), classes, escapes, and syntax left to RE2/J. */
    private static final List<String> ATOMS = List.of("a", "b", "k", "s", "K", "S", "A", "x", "-", "#", "1", "0",
            " ", "_", "é", "É", "€", "😀", "\\n", "\\.", "\\#", "\\-", "\\x41", "\\x{212A}", "\\x{17F}", ".", ".",
            "[a-c]", "[^ab]", "[kS]", "[0-9]", "[^0-9]", "[a-]", "[]a]", "[\\d_]", "[\\w-]", "[^\\n]", "[é-ü]",
            "[^\\s]", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "{", "}", "]", "\\b", "(?i)", "\\pL", "\\Qa.\\E",
            "[[:alpha:]]", "ſ", "K");
    private static final List<String> REPEATS = List.of("", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}",
            "*?", "+?", "??");
    /** Text characters: ASCII, case-folding orbits (KELVIN SIGN, LONG S), non-ASCII, a pair, lone surrogates, NUL. */
    private static final List<String> CHARS = List.of("a", "b", "k", "s", "K", "S", "A", "B", "x", "-", "#", "1",
            "0", "9", " ", "_", ".", "\n", "\r", "\t", "é", "É", "€", "😀", "\u212A", "\u017F", "\uD800", "\uDC00",
            "\u0000", "{", "}", "]", "ü");

    @Test
    void findsExactlyWhatRe2jFindsOverRandomPatternsAndAdversarialText() {
        SplittableRandom random = new SplittableRandom(20261203);
        int compiled = 0;
        int patterns = 0;
        int found = 0;
        int checks = 0;
        while (patterns < 4_000) {
            String regex = pattern(random, 0);
            if (random.nextInt(6) == 0) {
                regex = "^" + regex;
            }
            if (random.nextInt(6) == 0) {
                regex = regex + "$";
            }
            for (boolean caseInsensitive : new boolean[] {false, true}) {
                Pattern reference;
                try {
                    reference = Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
                } catch (PatternSyntaxException e) {
                    continue;
                }
                patterns++;
                RegexAutomaton automaton = RegexAutomaton.compile(regex, caseInsensitive);
                if (automaton == null) {
                    continue;
                }
                compiled++;
                for (int i = 0; i < 40; i++) {
                    String text = text(random, regex);
                    boolean expected = reference.matcher(text).find();
                    assertThat(automaton.find(text))
                            .as("/%s/%s on \"%s\"", regex, caseInsensitive ? "i" : "", escape(text))
                            .isEqualTo(expected);
                    found += expected ? 1 : 0;
                    checks++;
                }
            }
        }
        assertThat(compiled).as("patterns the automaton took over").isGreaterThan(patterns / 2);
        assertThat(found).as("checks that found a match").isBetween(checks / 10, checks - checks / 10);
    }

    @Test
    void compilesTheShapesOfRealNameQueries() {
        for (String regex : List.of("^Support tic", "^support.*by topic", "^Bug rep.*#12[0-9]*",
                "by (topic|intent) #[1-4][0-9]*$", "by (root cause|weekly themes|product area) #[3-7][0-9]{2}$",
                "^[a-z]+-[a-z]+-\\d", "(?:cluster|group)_\\w+")) {
            assertThat(RegexAutomaton.compile(regex, true)).as(regex).isNotNull();
            assertThat(RegexAutomaton.compile(regex, false)).as(regex).isNotNull();
        }
    }

    @Test
    void foldsAsciiLettersWithTheirUnicodeOrbitsWhenCaseInsensitive() {
        RegexAutomaton kelvin = RegexAutomaton.compile("^k$", true);
        assertThat(kelvin.find("K")).isTrue();
        assertThat(kelvin.find("\u212A")).isTrue();
        assertThat(RegexAutomaton.compile("^[r-t]$", true).find("\u017F")).isTrue();
        assertThat(RegexAutomaton.compile("^k$", false).find("\u212A")).isFalse();
        assertThat(RegexAutomaton.compile("^\\w$", true).find("\u212A")).isTrue();
        assertThat(RegexAutomaton.compile("^\\w$", false).find("\u212A")).isFalse();
    }

    @Test
    void matchesCodePointsAndKeepsNewlinesOutOfTheDot() {
        assertThat(RegexAutomaton.compile("^.$", false).find("😀")).isTrue();
        assertThat(RegexAutomaton.compile("^..$", false).find("😀")).isFalse();
        assertThat(RegexAutomaton.compile("a.b", false).find("a\nb")).isFalse();
        assertThat(RegexAutomaton.compile("a[^x]b", false).find("a\nb")).isTrue();
        assertThat(RegexAutomaton.compile("^$", false).find("")).isTrue();
        assertThat(RegexAutomaton.compile("^$", false).find("\n")).isFalse();
        assertThat(RegexAutomaton.compile("x{,2}", false).find("x{,2}")).isTrue();
    }

    @Test
    void leavesToRe2jWhatItDoesNotCompile() {
        for (String regex : List.of("(?i)a", "\\bword", "\\pL", "a^b", "(^a)", "^a|b", "a$|b", "[[:alpha:]]",
                "\\Qa\\E", "(a)\\1", "x{1000}", "a".repeat(1_001))) {
            assertThat(RegexAutomaton.compile(regex, false)).as(regex).isNull();
        }
        assertThat(RegexAutomaton.compile("é", true)).isNull();
        assertThat(RegexAutomaton.compile("[^a]", true)).isNull();
        assertThat(RegexAutomaton.compile("\\W", true)).isNull();
    }

    @Test
    void givesUpOnAutomataTooLargeToBuildInsteadOfSpendingTheCpu() {
        assertThat(RegexAutomaton.compile("(a|b)*a(a|b){20}", false)).isNull();
        assertThat(RegexAutomaton.compile("((a{50}){50}){50}", false)).isNull();
    }

    @Test
    void theConditionUsesTheAutomatonWhenThereIsOneAndRe2jOtherwise() {
        assertThat(new RegexFind(Pattern.compile("^ab", Pattern.CASE_INSENSITIVE)).automaton()).isNotNull();
        assertThat(new RegexFind(Pattern.compile("\\bab")).automaton()).isNull();
        RegexFind fallback = new RegexFind(Pattern.compile("\\bab"));
        assertThat(fallback.test(com.fasterxml.jackson.databind.node.TextNode.valueOf("x ab"))).isTrue();
        assertThat(fallback.test(com.fasterxml.jackson.databind.node.TextNode.valueOf("xab"))).isFalse();
    }

    private static String pattern(SplittableRandom random, int depth) {
        StringBuilder regex = new StringBuilder();
        int parts = random.nextInt(1, 5);
        for (int i = 0; i < parts; i++) {
            int kind = random.nextInt(10);
            if (kind == 0 && depth < 3) {
                String open = List.of("(", "(?:", "(?P<g>", "(?<h>").get(random.nextInt(4));
                regex.append(open).append(pattern(random, depth + 1));
                if (random.nextBoolean()) {
                    regex.append('|').append(pattern(random, depth + 1));
                }
                regex.append(')');
            } else {
                regex.append(ATOMS.get(random.nextInt(ATOMS.size())));
            }
            regex.append(REPEATS.get(random.nextInt(REPEATS.size())));
        }
        if (depth == 0 && random.nextInt(5) == 0) {
            regex.append('|').append(pattern(random, 1));
        }
        return regex.toString();
    }

    /** Random characters, half the time around the literal characters of {@code regex}, so that many match. */
    private static String text(SplittableRandom random, String regex) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(0, 9);
        for (int i = 0; i < length; i++) {
            if (random.nextBoolean() && !regex.isEmpty()) {
                int at = random.nextInt(regex.length());
                char c = regex.charAt(at);
                text.append(Character.isSurrogate(c) ? "😀" : String.valueOf(c));
            } else {
                text.append(CHARS.get(random.nextInt(CHARS.size())));
            }
        }
        return text.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04X", c) : (char) c));
        return out.toString();
    }
}
