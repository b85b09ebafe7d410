package org.connwatch.detect.beacon;

/**
 * What {@link BeaconAnalyzer} found for one (source, destination) series. Every score is in 0..1, 1 meaning
 * "as regular as a beacon"; a component that could not be computed is {@link Double#NaN}.
 *
 * @param score overall score (0 when there are fewer check-ins than the minimum)
 * @param beacon whether {@code score} reached the threshold (and there were enough check-ins)
 * @param timingScore mean of {@code intervalSkew}, {@code intervalDispersion} and {@code coverage}, times
 *     the randomness factor (1 unless the raw intervals scatter like random, Poisson, arrivals; see
 *     {@link BeaconAnalyzer})
 * @param intervalSkew 1 − |Bowley skewness| of the beat-aligned intervals
 * @param intervalDispersion how little the beat-aligned intervals spread around their median
 * @param coverage share of the check-ins the period predicts over the observed window that were seen,
 *     scored 1 from 90 % and 0 at 40 % (missed beats,
 *     stray connections and pauses lower it)
 * @param sizeScore mean of {@code sizeSkew} and {@code sizeDispersion}; NaN when sizes are unknown
 * @param sizeSkew 1 − |Bowley skewness| of the connection sizes; NaN when unknown
 * @param sizeDispersion 1 − MAD ÷ median of the connection sizes; NaN when unknown
 * @param connections number of connections given
 * @param beats check-ins kept on the beat (after merging parallel connections and setting stray ones aside)
 * @param missedBeats beats the period predicts where no connection was seen (a pause counts as one)
 * @param extraConnections check-ins set aside because they came too soon after the previous beat
 * @param pauses gaps longer than {@code maxMissedInARow + 1} periods, left out of the statistics
 * @param periodMillis the inferred period (median of the intervals, each divided by the beats it spans)
 * @param medianIntervalMillis median of the intervals between consecutive check-ins, as observed
 * @param minIntervalMillis shortest interval between consecutive check-ins (0 if none)
 * @param maxIntervalMillis longest interval between consecutive check-ins (0 if none)
 * @param spreadMillis median absolute deviation of the beat-aligned intervals
 * @param medianBytes median connection size in bytes, or -1 when unknown
 * @param minBytes smallest known connection size, or -1
 * @param maxBytes largest known connection size, or -1
 * @param reason one plain sentence, with the facts, saying why this is or is not a beacon
 */
public record BeaconScore(
        double score,
        boolean beacon,
        double timingScore,
        double intervalSkew,
        double intervalDispersion,
        double coverage,
        double sizeScore,
        double sizeSkew,
        double sizeDispersion,
        int connections,
        int beats,
        int missedBeats,
        int extraConnections,
        int pauses,
        long periodMillis,
        long medianIntervalMillis,
        long minIntervalMillis,
        long maxIntervalMillis,
        long spreadMillis,
        long medianBytes,
        long minBytes,
        long maxBytes,
        String reason) {

    /** Whether connection sizes were known and scored. */
    public boolean sizesKnown() {
        return !Double.isNaN(sizeScore);
    }

    @Override
    public String toString() {
        return reason;
    }
}
