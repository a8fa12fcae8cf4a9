package io.clusterindex.time;

import java.time.Instant;

/**
 * Strict RFC 3339 date-time parsing ({@code 2026-11-28T10:15:30.250Z}, {@code ...+02:00}): four-digit year,
 * seconds required, {@code T}/{@code t}, {@code Z}/{@code z} or a {@code ±HH:MM} offset, any number of fraction
 * digits (nanosecond precision, further digits ignored). Leap seconds (:60) are not representable and rejected.
 * Allocates only the returned {@link Instant}.
 */
public final class Rfc3339 {
    private static final int SECONDS_PER_DAY = 86_400;

    private Rfc3339() {
    }

    /** The instant, or null when {@code text} is not an RFC 3339 date-time. */
    public static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || !isSeparator(text.charAt(10))) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(text.charAt(i))) {
                if (i - start < 9) {
                    nano = nano * 10 + (text.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nano *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(text, i);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochSecond = epochDay(year, month, day) * SECONDS_PER_DAY
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    private static int offsetSeconds(String text, int i) {
        int n = text.length();
        if (i >= n) {
            return Integer.MIN_VALUE;
        }
        char c = text.charAt(i);
        if (c == 'Z' || c == 'z') {
            return i + 1 == n ? 0 : Integer.MIN_VALUE;
        }
        if ((c != '+' && c != '-') || i + 6 != n || text.charAt(i + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(text, i + 1, 2);
        int minutes = digits(text, i + 4, 2);
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return c == '-' ? -seconds : seconds;
    }

    private static boolean isSeparator(char c) {
        return c == 'T' || c == 't';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
