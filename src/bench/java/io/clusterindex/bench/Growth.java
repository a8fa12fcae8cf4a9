package io.clusterindex.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a series sampled once a minute (heap after GC, RSS) grows: the least-squares slope per minute, leaving out
 * the first minute (warm-up: caches, JIT, the first old-generation cycle). A growth trend is a slope that adds more
 * than {@link #TREND_SHARE} of the series' mean over the run and that the samples tell from noise: more than
 * {@link #SIGNIFICANT} standard errors of the slope (heap after a young collection and RSS go up and down by
 * hundreds of MiB from one minute to the next; a slope within the noise is reported as such, with its error).
 */
record Growth(String name, long[] values, double slopePerMinute, double standardError, double mean) {
    static final double TREND_SHARE = 0.10;
    static final double SIGNIFICANT = 2.0;

    /** The growth of {@code values} (one per minute, from minute 1; negative: not known, left out). */
    static Growth of(String name, long[] values) {
        long[] measured = Arrays.stream(values).skip(values.length > 2 ? 1 : 0).filter(v -> v >= 0).toArray();
        int n = measured.length;
        if (n < 2) {
            return new Growth(name, values, Double.NaN, Double.NaN, n == 1 ? measured[0] : Double.NaN);
        }
        double meanX = (n - 1) / 2.0;
        double meanY = Arrays.stream(measured).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            covariance += (i - meanX) * (measured[i] - meanY);
            variance += (i - meanX) * (i - meanX);
        }
        double slope = covariance / variance;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double residual = measured[i] - (meanY + slope * (i - meanX));
            squares += residual * residual;
        }
        double standardError = n < 3 ? Double.NaN : Math.sqrt(squares / (n - 2) / variance);
        return new Growth(name, values, slope, standardError, meanY);
    }

    /**
     * True when the slope adds more than {@link #TREND_SHARE} of the mean over the minutes measured and, with three
     * minutes or more, exceeds {@link #SIGNIFICANT} standard errors.
     */
    boolean growing() {
        return large() && (Double.isNaN(standardError) || slopePerMinute > SIGNIFICANT * standardError);
    }

    private boolean large() {
        return !Double.isNaN(slopePerMinute) && slopePerMinute * (values.length - 1) > TREND_SHARE * mean;
    }

    String describe() {
        String first = values.length == 0 ? "n/a" : ChildMemory.mib(values[0]);
        String last = values.length == 0 ? "n/a" : ChildMemory.mib(values[values.length - 1]);
        String verdict = Double.isNaN(slopePerMinute) ? "too few minutes to tell" : growing() ? "GROWING"
                : large() ? "no growth trend (the slope is within " + SIGNIFICANT + " standard errors: noise)"
                : "no growth trend";
        return String.format(Locale.ROOT, "%s: minute 1 %s, last %s, slope %s%s MiB/minute (minute 1 left out): %s",
                name, first, last, Double.isNaN(slopePerMinute) ? "n/a"
                        : String.format(Locale.ROOT, "%+.1f", slopePerMinute / (1 << 20)),
                Double.isNaN(standardError) ? "" : String.format(Locale.ROOT, " +- %.1f", standardError / (1 << 20)),
                verdict);
    }
}
