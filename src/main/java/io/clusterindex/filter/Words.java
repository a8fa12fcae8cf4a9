package io.clusterindex.filter;

import java.util.ArrayList;
import java.util.List;

/** Words of the {@code text} operator: maximal runs of code points for which {@link Character#isLetterOrDigit(int)}. */
public final class Words {
    private Words() {
    }

    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }

    /** Whether {@code word} (itself one word) is one of the words of {@code text}; allocation-free. */
    static boolean containsWord(String text, String word) {
        int from = 0;
        while (true) {
            int at = text.indexOf(word, from);
            if (at < 0) {
                return false;
            }
            int end = at + word.length();
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.codePointBefore(at));
            boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end));
            if (startsWord && endsWord) {
                return true;
            }
            from = at + 1;
        }
    }
}
