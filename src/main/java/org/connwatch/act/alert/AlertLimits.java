package org.connwatch.act.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * How often each sink may alert.
 *
 * @param quiet  a finding that recurs alerts again only when this long has passed since its last
 *               alert on that sink (or, if it never alerted there, since it was first seen)
 * @param burst  how many alerts a sink may send at once (the token bucket's size)
 * @param refill the time for one more alert to be allowed, up to {@code burst}
 */
public record AlertLimits(Duration quiet, int burst, Duration refill) {
    /** One hour of quiet, bursts of 10, then one alert a minute per sink. */
    public static final AlertLimits DEFAULTS = new AlertLimits(Duration.ofHours(1), 10, Duration.ofMinutes(1));
    /** The largest burst accepted. */
    public static final int MAX_BURST = 100_000;

    public AlertLimits {
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(refill, "refill");
        if (quiet.isNegative()) {
            throw new IllegalArgumentException("the quiet period must not be negative: " + quiet);
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("the burst must be 1 to " + MAX_BURST + ", not " + burst);
        }
        if (refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("the refill time must be positive: " + refill);
        }
    }
}
