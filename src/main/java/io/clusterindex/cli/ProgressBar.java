package io.clusterindex.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with {@code \r}, at most every {@link #REDRAW_NANOS}; does nothing when
 * disabled (stderr is not a terminal), so that logs and pipes never receive it.
 */
final class ProgressBar {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String unit;
    private final long total;
    private final boolean enabled;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    ProgressBar(PrintWriter out, String unit, long total, boolean enabled) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.enabled = enabled && total > 0;
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print('\r' + line(done, total, unit));
        out.flush();
    }

    /** Ends the bar's line, if one was drawn. */
    void finish() {
        if (drawn) {
            out.println();
            out.flush();
        }
    }

    static String line(long done, long total, String unit) {
        long shown = Math.min(done, total);
        int filled = (int) (WIDTH * shown / total);
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d/%,d %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * shown / total, shown, total, unit);
    }
}
