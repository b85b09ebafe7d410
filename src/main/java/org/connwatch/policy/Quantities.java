package org.connwatch.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes ({@code 20MiB}, {@code 1GiB}, {@code 500kB}) and durations ({@code 8h}, {@code 90m}, {@code 1h30m}). */
public final class Quantities {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*([kKMGT]i?B|B)?");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private Quantities() {
    }

    /**
     * A size in bytes: a number, optionally followed by B, kB/MB/GB/TB (powers of 1000) or
     * KiB/MiB/GiB/TiB (powers of 1024).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size like 20MiB, 1GiB or 500kB");
        }
        long number = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "B" -> 1;
            case "kB", "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            case "KiB", "kiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            default -> throw new IllegalArgumentException("'" + text + "': unknown unit " + unit
                    + " (use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB)");
        };
        if (number > Long.MAX_VALUE / factor) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return number * factor;
    }

    /**
     * A duration: one or more of a number followed by ms, s, m, h or d ({@code 8h}, {@code 1h30m}).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Duration duration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        Matcher m = DURATION_PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 8h, 90m or 1h30m");
        }
        return total;
    }

    /** A size for display: {@code 20MiB}, {@code 1GiB}, or the bytes when no binary unit divides it. */
    public static String formatSize(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long f = 1L << (10 * (4 - i));
            if (bytes >= f && bytes % f == 0) {
                return bytes / f + units[i];
            }
        }
        return bytes + "B";
    }

    /** A duration for display: {@code 8h}, {@code 1h30m}, {@code 45s}. */
    public static String formatDuration(Duration d) {
        StringBuilder out = new StringBuilder();
        if (d.toDays() > 0) {
            out.append(d.toDays()).append('d');
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0 || out.isEmpty()) {
            out.append(d.toMillisPart()).append("ms");
        }
        return out.toString();
    }
}
