package io.clusterindex.filter;

/**
 * The escapes of RE2 syntax that stand for one character ({@code \n}, {@code \x41}, {@code \x{212A}}, {@code \.}),
 * shared by the readers of patterns that build something other than RE2/J's program from them.
 */
public final class RegexEscapes {
    private RegexEscapes() {
    }

    /**
     * The character of the escape whose letter {@code cp} was read just before {@code at} in {@code pattern}
     * (after its backslash), and where the escape ends: {@code {character, end}}.
     *
     * @throws IllegalArgumentException when the escape is not one of a single character (a class such as
     *                                  {@code \d}, a word boundary, a back-reference, an octal code)
     */
    public static int[] single(String pattern, int at, int cp) {
        return switch (cp) {
            case 'a' -> new int[] {7, at};
            case 'f' -> new int[] {'\f', at};
            case 't' -> new int[] {'\t', at};
            case 'n' -> new int[] {'\n', at};
            case 'r' -> new int[] {'\r', at};
            case 'v' -> new int[] {11, at};
            case 'x' -> hex(pattern, at);
            default -> {
                if (cp < 0x80 && !Character.isLetterOrDigit(cp) && cp != '_') {
                    yield new int[] {cp, at};
                }
                throw new IllegalArgumentException("not a single-character escape: \\" + Character.toString(cp));
            }
        };
    }

    private static int[] hex(String pattern, int at) {
        int start;
        int end;
        int next;
        if (at < pattern.length() && pattern.charAt(at) == '{') {
            start = at + 1;
            end = pattern.indexOf('}', start);
            next = end + 1;
        } else {
            start = at;
            end = at + 2;
            next = end;
        }
        if (end <= start || end - start > 6 || end > pattern.length()) {
            throw new IllegalArgumentException("bad hexadecimal escape");
        }
        int value = Integer.parseInt(pattern.substring(start, end), 16);
        if (value > Character.MAX_CODE_POINT) {
            throw new IllegalArgumentException("hexadecimal escape beyond Unicode");
        }
        return new int[] {value, next};
    }
}
