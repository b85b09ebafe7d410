package org.connwatch.detect.peak;

import java.util.Optional;

/**
 * What a host usually moves in one hour of the week, as learned beforehand ({@code connwatch learn}), for
 * the hours whose own history is too short to judge by.
 */
@FunctionalInterface
public interface LearnedVolumes {
    /** Nothing learned: the detector judges by the history it is given alone. */
    LearnedVolumes NONE = (host, hourOfWeek, flow) -> Optional.empty();

    /**
     * The learned usual volume of {@code host} (its local address, as {@code local.ip}) in hour
     * {@code hourOfWeek} (0 = Monday 00:00 .. 167, UTC) for {@code flow}; empty when nothing was learned.
     */
    Optional<Usual> usual(String host, int hourOfWeek, Flow flow);

    /**
     * A learned usual volume.
     *
     * @param median the median of the per-week totals
     * @param mad    their median absolute deviation
     * @param weeks  how many weeks they are
     */
    record Usual(long median, long mad, int weeks) {
        public Usual {
            if (median < 0 || mad < 0 || weeks < 1) {
                throw new IllegalArgumentException("bad learned volume: " + median + ", " + mad + ", " + weeks);
            }
        }
    }
}
