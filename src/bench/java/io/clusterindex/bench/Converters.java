package io.clusterindex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The benchmarks' option values, for picocli: integers may carry {@code _} or {@code ,} as digit separators
 * ({@code 1_000_000}); lists are comma-separated. A value that does not fit is a {@link TypeConversionException},
 * which picocli reports with the option's name.
 */
final class Converters {
    private Converters() {
    }

    /** An integer >= 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            long value = positiveLong(text);
            if (value > Integer.MAX_VALUE) {
                throw new TypeConversionException("must be at most " + Integer.MAX_VALUE + ", got " + text);
            }
            return (int) value;
        }
    }

    /** An integer >= 1. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return positiveLong(text);
        }
    }

    /** Any integer. */
    static final class AnyLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parseLong(text);
        }
    }

    /** A finite number > 0. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value = nonNegativeDouble(text);
            if (value <= 0) {
                throw new TypeConversionException("must be > 0, got " + text);
            }
            return value;
        }
    }

    /** A finite number >= 0. */
    static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            return nonNegativeDouble(text);
        }
    }

    /** The HTTP client of the query benchmarks: {@code url} (HttpURLConnection) or {@code jdk} (HttpClient). */
    static final class Client implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return oneOf(text, "url", "jdk");
        }
    }

    /** A JVM heap size such as {@code 512m} or {@code 2g}. */
    static final class HeapSize implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!text.matches("[1-9][0-9]*[kKmMgG]?")) {
                throw new TypeConversionException("takes a JVM heap size like 512m or 2g, got '" + text + "'");
            }
            return text;
        }
    }

    static String oneOf(String text, String... allowed) {
        if (!List.of(allowed).contains(text)) {
            throw new TypeConversionException("must be " + String.join(" or ", allowed) + ", got '" + text + "'");
        }
        return text;
    }

    /** A comma-separated list of integers >= 1, in the given order, without repeats. */
    static List<Integer> positiveInts(String option, String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int value;
            try {
                value = new PositiveInt().convert(part.trim());
            } catch (TypeConversionException e) {
                throw new TypeConversionException(option + " " + e.getMessage());
            }
            if (values.contains(value)) {
                throw new TypeConversionException(option + " lists " + value + " twice");
            }
            values.add(value);
        }
        return List.copyOf(values);
    }

    /** A comma-separated list of query names of the mix, q1..q7, without repeats. */
    static List<String> queryNames(String option, String text) {
        return names(option, text, "q[1-7]", "q1..q7");
    }

    /** A comma-separated list of query names of the query benchmark, q1..q9 and the varied q1v..q5v, without repeats. */
    static List<String> mixNames(String option, String text) {
        return names(option, text, "q[1-9]|q[1-5]v", "q1..q9 and q1v..q5v");
    }

    private static List<String> names(String option, String text, String pattern, String allowed) {
        List<String> names = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (!name.matches(pattern)) {
                throw new TypeConversionException(option + " takes names " + allowed + ", got '" + part + "'");
            }
            if (names.contains(name)) {
                throw new TypeConversionException(option + " lists " + name + " twice");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static long positiveLong(String text) {
        long value = parseLong(text);
        if (value < 1) {
            throw new TypeConversionException("must be >= 1, got " + text);
        }
        return value;
    }

    private static double nonNegativeDouble(String text) {
        try {
            double value = Double.parseDouble(text);
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be a number >= 0, got '" + text + "'");
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be an integer, got '" + text + "'");
        }
    }
}
