package io.clusterindex.live;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a namespace's stats came from: the partition and offset of their record on {@code cluster-stats}. Every
 * instance reads the same records, so the same state has the same version everywhere: written as an SSE
 * {@code id:} ({@code <partition>-<offset>}), a {@code Last-Event-ID} from one instance means the same on another.
 */
public record StatsVersion(int partition, long offset) {
    private static final Pattern WIRE = Pattern.compile("(\\d{1,9})-(\\d{1,18})");

    /** The version an SSE {@code id:} or {@code Last-Event-ID} names; empty when the text is not one. */
    public static Optional<StatsVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = WIRE.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new StatsVersion(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2))));
    }

    /**
     * Whether these stats replace what {@code seen} named. A namespace's records share one partition, so a later
     * record has a higher offset; a version of another partition (the topic was repartitioned) is never assumed
     * to be the same state.
     */
    public boolean isNewerThan(StatsVersion seen) {
        return seen == null || partition != seen.partition || offset > seen.offset;
    }

    /** As an SSE {@code id:}. */
    public String wire() {
        return partition + "-" + offset;
    }
}
