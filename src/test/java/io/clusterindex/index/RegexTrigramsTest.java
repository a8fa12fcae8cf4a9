package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import io.clusterindex.filter.Fold;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The regex planner: the queries it plans, and the case-folding traps it must not fall into. */
class RegexTrigramsTest {

    /** Whether a value (raw text, indexed as the column indexes it) satisfies {@code query}. */
    static boolean satisfies(TrigramQuery query, String raw) {
        int[] grams = Trigrams.of(Fold.fold(raw));
        return satisfiesGrams(query, grams);
    }

    private static boolean satisfiesGrams(TrigramQuery query, int[] grams) {
        if (query instanceof TrigramQuery.Gram gram) {
            return Arrays.binarySearch(grams, gram.trigram()) >= 0;
        }
        if (query instanceof TrigramQuery.And and) {
            return and.items().stream().allMatch(item -> satisfiesGrams(item, grams));
        }
        if (query instanceof TrigramQuery.Or or) {
            return or.items().stream().anyMatch(item -> satisfiesGrams(item, grams));
        }
        return true;
    }

    private static String plan(String pattern) {
        return RegexTrigrams.plan(pattern).toString();
    }

    @Test
    void aLiteralNeedsAllItsTrigramsLowercased() {
        assertThat(plan("Support")).isEqualTo("(\"ort\" \"por\" \"ppo\" \"sup\" \"upp\")");
    }

    @Test
    void literalsShorterThanThreeCharactersGiveNoConstraint() {
        assertThat(RegexTrigrams.plan("ab")).isEqualTo(TrigramQuery.ALL);
        assertThat(RegexTrigrams.plan("a.b.c")).isEqualTo(TrigramQuery.ALL);
        assertThat(RegexTrigrams.plan("")).isEqualTo(TrigramQuery.ALL);
    }

    @Test
    void alternationGivesAnyOfItsBranches() {
        assertThat(plan("abc|def")).isEqualTo("(\"abc\"|\"def\")");
        assertThat(plan("x(abc|def)")).isEqualTo("((\"abc\" \"xab\")|(\"def\" \"xde\"))");
        assertThat(RegexTrigrams.plan("abc|de")).isEqualTo(TrigramQuery.ALL);
    }

    @Test
    void optionalPartsMayMatchNothingAndRepeatedOnesKeepOneCopy() {
        assertThat(plan("abcd?")).isEqualTo("((\"abc\" \"bcd\")|\"abc\")");
        assertThat(plan("abc(xyz)*def")).isEqualTo("(\"abc\" \"def\")");
        assertThat(plan("abc(xyz){0,3}def")).isEqualTo("(\"abc\" \"def\")");
        assertThat(plan("(abcd)+")).isEqualTo("(\"abc\" \"bcd\")");
        assertThat(plan("(abcd){2,}")).isEqualTo("(\"abc\" \"bcd\")");
        assertThat(plan("(abc)?")).isEqualTo("ALL");
        assertThat(satisfies(RegexTrigrams.plan("zza(bc)*dzz"), "zzabcbcdzz")).isTrue();
        assertThat(satisfies(RegexTrigrams.plan("zza(bc)*dzz"), "zzadzz")).isTrue();
    }

    @Test
    void smallClassesAreSpelledOutAndLargeOnesBreakTheLiteral() {
        assertThat(plan("ab[cd]")).isEqualTo("(\"abc\"|\"abd\")");
        assertThat(RegexTrigrams.plan("ab[^c]de")).isEqualTo(TrigramQuery.ALL);
        assertThat(plan("abc[a-z]def")).isEqualTo("(\"abc\" \"def\")");
        assertThat(plan("x\\dy1")).contains("\"x0y\"").contains("\"9y1\"");
        assertThat(plan("abc\\wdef")).isEqualTo("(\"abc\" \"def\")");
        assertThat(plan("[[:alpha:]]abcd")).isEqualTo("(\"abc\" \"bcd\")");
    }

    @Test
    void anchorsFlagsGroupsAndEscapesAreUnderstood() {
        assertThat(plan("^support-tickets$")).isEqualTo(plan("support-tickets"));
        assertThat(plan("(?i)Support")).isEqualTo(plan("support"));
        assertThat(plan("(?i:sup)(?P<n>por)(?<m>t)")).isEqualTo(plan("support"));
        assertThat(plan("\\bsup\\B")).isEqualTo("\"sup\"");
        assertThat(plan("a\\.bc")).isEqualTo("(\".bc\" \"a.b\")");
        assertThat(plan("\\Qa.bc\\E")).isEqualTo("(\".bc\" \"a.b\")");
        assertThat(plan("\\x61\\x{62}c")).isEqualTo("\"abc\"");
        assertThat(plan("\\pLabc\\p{Greek}")).isEqualTo("\"abc\"");
    }

    @Test
    void whatThePlannerDoesNotFollowMatchesAll() {
        assertThat(RegexTrigrams.plan("abc\\C")).isEqualTo(TrigramQuery.ALL);
        assertThat(RegexTrigrams.plan("abc\\1")).isEqualTo(TrigramQuery.ALL);
        assertThat(RegexTrigrams.plan("abc{")).isEqualTo(TrigramQuery.ALL);
        assertThat(RegexTrigrams.plan("(abc")).isEqualTo(TrigramQuery.ALL);
        assertThat(RegexTrigrams.plan("(?x)abc")).isEqualTo(TrigramQuery.ALL);
    }

    @Test
    void nonAsciiCharactersBreakALiteral() {
        assertThat(plan("abİcd")).isEqualTo("ALL");
        assertThat(plan("abcİdef")).isEqualTo("(\"abc\" \"def\")");
        assertThat(plan("ab\uD83D\uDE00cd")).isEqualTo("ALL");
        assertThat(satisfies(RegexTrigrams.plan("(?i)abcΣ"), "ABCς")).isTrue();
        assertThat(satisfies(RegexTrigrams.plan("xİyz"), "xİyz")).isTrue();
    }

    @Test
    void caseInsensitiveMatchesOfLongSAndKelvinSignSatisfyTheQuery() {
        for (String[] trap : new String[][] {{"stop", "ſtop"}, {"kelvin", "\u212aelvin"}, {"ſtop", "STOP"},
            {"\u212aelvin", "KELVIN"}, {"STOP", "ſtop"}}) {
            Pattern pattern = Pattern.compile(trap[0], Pattern.CASE_INSENSITIVE);
            assertThat(pattern.matcher(trap[1]).find()).as(trap[0] + " finds " + trap[1]).isTrue();
            assertThat(satisfies(RegexTrigrams.plan(trap[0]), trap[1])).as(trap[0] + " on " + trap[1]).isTrue();
        }
    }

    @Test
    void everyNonAsciiCharacterACaseInsensitiveAsciiLetterMatchesFoldsToItsNormalForm() {
        for (char ascii = 'a'; ascii <= 'z'; ascii++) {
            Pattern pattern = Pattern.compile(String.valueOf(ascii), Pattern.CASE_INSENSITIVE);
            for (int cp = 0x80; cp <= 0xffff; cp++) {
                String text = String.valueOf((char) cp);
                if (pattern.matcher(text).matches()) {
                    String folded = Fold.fold(text);
                    assertThat(folded).as("U+%04X matched by %s", cp, ascii).hasSize(1);
                    assertThat(Trigrams.normal(folded.charAt(0))).as("U+%04X matched by %s", cp, ascii)
                            .isEqualTo(Trigrams.normal(ascii));
                }
            }
        }
    }
}
