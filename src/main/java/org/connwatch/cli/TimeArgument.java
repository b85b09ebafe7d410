package org.connwatch.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time on the command line: a duration back from now ({@code 90s}, {@code 30m}, {@code 2h},
 * {@code 7d}, {@code 2w}) or an ISO time ({@code 2026-11-01T08:00:00Z}, {@code 2026-11-01T08:00+01:00},
 * {@code 2026-11-01T08:00} and {@code 2026-11-01} in the local time zone).
 */
final class TimeArgument {

    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhdw])");

    private TimeArgument() {
    }

    /**
     * The time {@code text} names, relative to {@code now}.
     *
     * @throws UsageException naming {@code option} when it is none of the forms
     */
    static Instant parse(String option, String text, Instant now) {
        Matcher m = AGO.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration unit = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            if (n > 100L * 365 * 86_400 / unit.toSeconds()) {
                throw new UsageException(option + " " + text + " is more than 100 years back");
            }
            return now.minus(unit.multipliedBy(n));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            // not an instant with Z
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            // no offset
        }
        try {
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeException e) {
            // no time of day
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeException e) {
            throw new UsageException(option + " '" + text + "' is neither a duration (2h, 7d) nor an ISO time "
                    + "(2026-11-01T08:00)");
        }
    }
}
