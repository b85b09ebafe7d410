package org.connwatch.policy;

import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily window of local time, {@code from} included and {@code to} excluded; it runs across midnight
 * when {@code to} is before {@code from} ({@code 22:00-06:00}).
 *
 * @param from when the window opens
 * @param to   when it closes
 */
public record TimeWindow(LocalTime from, LocalTime to) {
    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,2}):([0-9]{2})-([0-9]{1,2}):([0-9]{2})");

    public TimeWindow {
        if (from.equals(to)) {
            throw new IllegalArgumentException("the window " + from + "-" + to + " is empty");
        }
    }

    /**
     * Parses {@code HH:MM-HH:MM} (24-hour clock).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static TimeWindow parse(String text) {
        Matcher m = FORMAT.matcher(text.strip().replace(" ", ""));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a time window like 22:00-06:00");
        }
        LocalTime from = time(m.group(1), m.group(2), text);
        LocalTime to = time(m.group(3), m.group(4), text);
        if (from.equals(to)) {
            throw new IllegalArgumentException("'" + text + "' is an empty window: it opens and closes at " + from);
        }
        return new TimeWindow(from, to);
    }

    /** True when the time of day falls inside the window. */
    public boolean contains(LocalTime t) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }

    private static LocalTime time(String hours, String minutes, String text) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        if (h > 23 || m > 59) {
            throw new IllegalArgumentException("'" + text + "': " + hours + ":" + minutes
                    + " is not a time of day (00:00 to 23:59)");
        }
        return LocalTime.of(h, m);
    }
}
