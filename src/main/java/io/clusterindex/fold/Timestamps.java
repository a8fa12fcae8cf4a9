package io.clusterindex.fold;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How the view writes instants: UTC, RFC 3339 ({@code 2026-11-28T10:15:30.250Z}). */
public final class Timestamps {
    private Timestamps() {
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
