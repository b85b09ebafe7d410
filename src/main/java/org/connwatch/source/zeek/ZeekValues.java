package org.connwatch.source.zeek;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads Zeek's value types from their text: {@code time} (epoch seconds with a fraction, such as
 * {@code 1300475167.096535}, or an ISO-8601 text such as {@code 2011-03-18T19:06:07.096535Z} as
 * the JSON writer gives with {@code JSON::TS_ISO8601}), {@code interval} (seconds with a
 * fraction), {@code count} (unsigned decimal), {@code port} and {@code bool} ({@code T}/{@code F},
 * {@code true}/{@code false} in JSON). Anything else, including NaN, infinities, negative times or
 * counts and values beyond year 9999, is refused with a message naming the column.
 */
final class ZeekValues {
    /** 9999-12-31T23:59:59Z: no log line is later, and no duration longer. */
    static final long MAX_SECONDS = 253_402_300_799L;
    private static final int MAX_ISO_CHARS = 40;
    private static final int MAX_EXPONENT = 30;

    private ZeekValues() {
    }

    static Instant time(String s, ConnColumn column) throws MalformedFieldException {
        if (isIsoLike(s)) {
            if (s.length() > MAX_ISO_CHARS) {
                throw bad(column, s, "is not a time");
            }
            try {
                Instant t = Instant.parse(s);
                if (t.getEpochSecond() < 0 || t.getEpochSecond() > MAX_SECONDS) {
                    throw bad(column, s, "is out of range");
                }
                return t;
            } catch (DateTimeException e) {
                throw bad(column, s, "is not a time");
            }
        }
        long[] secondsAndNanos = seconds(s, column);
        return Instant.ofEpochSecond(secondsAndNanos[0], secondsAndNanos[1]);
    }

    static Duration interval(String s, ConnColumn column) throws MalformedFieldException {
        long[] secondsAndNanos = seconds(s, column);
        return Duration.ofSeconds(secondsAndNanos[0], secondsAndNanos[1]);
    }

    static long count(String s, ConnColumn column) throws MalformedFieldException {
        if (s.isEmpty() || s.length() > 19 || !allDigits(s, 0, s.length())) {
            throw bad(column, s, "is not a count");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) { // 19 digits beyond a long
            throw bad(column, s, "is out of range");
        }
    }

    static int port(String s, ConnColumn column) throws MalformedFieldException {
        if (s.isEmpty() || s.length() > 5 || !allDigits(s, 0, s.length())) {
            throw bad(column, s, "is not a port");
        }
        int p = Integer.parseInt(s);
        if (p > 65535) {
            throw bad(column, s, "is out of range 0..65535");
        }
        return p;
    }

    static boolean bool(String s, ConnColumn column) throws MalformedFieldException {
        return switch (s) {
            case "T", "true" -> true;
            case "F", "false" -> false;
            default -> throw bad(column, s, "is not T or F");
        };
    }

    /**
     * Non-negative decimal seconds, {@code 12}, {@code 12.5} or (as a JSON writer that went
     * through a double may give) {@code 1.2e9}, as whole seconds and nanoseconds (the fraction cut
     * after 9 digits).
     */
    private static long[] seconds(String s, ConnColumn column) throws MalformedFieldException {
        if (s.startsWith("-")) {
            throw bad(column, s, "is negative");
        }
        int e = Math.max(s.indexOf('e'), s.indexOf('E'));
        if (e >= 0) {
            return scientific(s, e, column);
        }
        int dot = s.indexOf('.');
        int intEnd = dot < 0 ? s.length() : dot;
        if (intEnd == 0 || intEnd > 18 || !allDigits(s, 0, intEnd)
                || (dot >= 0 && (dot == s.length() - 1 || !allDigits(s, dot + 1, s.length())))) {
            throw bad(column, s, "is not a number of seconds");
        }
        long seconds = Long.parseLong(s, 0, intEnd, 10);
        if (seconds > MAX_SECONDS) {
            throw bad(column, s, "is out of range");
        }
        long nanos = 0;
        if (dot >= 0) {
            int digits = Math.min(9, s.length() - dot - 1);
            nanos = Long.parseLong(s, dot + 1, dot + 1 + digits, 10);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return new long[] {seconds, nanos};
    }

    private static long[] scientific(String s, int e, ConnColumn column) throws MalformedFieldException {
        String exponent = s.substring(e + 1);
        String digits = exponent.startsWith("+") || exponent.startsWith("-") ? exponent.substring(1) : exponent;
        if (e == 0 || e > 40 || digits.isEmpty() || digits.length() > 3 || !allDigits(digits, 0, digits.length())
                || Integer.parseInt(digits) > MAX_EXPONENT || !plainDecimal(s, 0, e)) {
            throw bad(column, s, "is not a number of seconds");
        }
        BigDecimal v = new BigDecimal(s); // small: mantissa of at most 40 characters, exponent at most 30
        if (v.compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) {
            throw bad(column, s, "is out of range");
        }
        long seconds = v.longValue();
        long nanos = v.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
        return new long[] {seconds, nanos};
    }

    /** Digits with at most one dot, not at either end. */
    private static boolean plainDecimal(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        if (dot < 0 || dot >= to) {
            return to > from && allDigits(s, from, to);
        }
        return dot > from && dot < to - 1 && allDigits(s, from, dot) && allDigits(s, dot + 1, to);
    }

    private static boolean isIsoLike(String s) {
        return s.indexOf('T') > 0 || s.indexOf(':') > 0;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static MalformedFieldException bad(ConnColumn column, String value, String why) {
        return new MalformedFieldException(column.zeekName() + " " + Samples.field(value) + " " + why);
    }
}
