package org.connwatch.detect.beacon;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Scores how much a time-ordered series of connections from one source to one destination looks like a
 * beacon: check-ins that recur at a regular interval, often with equal sizes. Pure and stateless; works on
 * any history (a capture, a conn.log, the monitor's history) once it is split per (source, destination).
 *
 * <p>The scoring follows the idea of RITA's beacon analysis (Bowley skewness and median absolute deviation
 * of the intervals and of the sizes, and the number of connections relative to the observation window),
 * reworked so that jitter, missed beats and a few stray connections do not hide a beacon:
 *
 * <ol>
 *   <li><b>Check-ins.</b> Connections that start within {@code mergeWithinMillis} of the first connection
 *       of a check-in belong to it (parallel connections, retries).
 *   <li><b>Period.</b> {@code P₀} = median of the intervals between check-ins. Then, walking the check-ins,
 *       one that comes less than {@code (1 − 2·jitterTolerance)·P} after the last kept beat (0.4·P by
 *       default) is set aside as an <em>extra</em>; every other interval {@code d} between kept beats spans
 *       {@code k = max(1, round(d / P))} beats, i.e. {@code k − 1} missed beats; when
 *       {@code k > maxMissedInARow + 1} the interval is a <em>pause</em> and is left out. The period is
 *       refined once to {@code P = RobustStatistics.median(d / k)} over the non-pause intervals and the walk redone.
 *   <li><b>Beat-aligned intervals.</b> {@code v = d − (k − 1)·P}: the time from the beat the period
 *       predicts just before a check-in to that check-in. For a beacon {@code v ≈ P} whatever was missed;
 *       for random traffic {@code v} is spread over {@code 0.5·P..1.5·P}. The distance between beats is
 *       thus never divided by {@code k}, which would make any long random gap look regular.
 *   <li><b>Interval skew</b> = {@code 1 − max(0, |B| − 1/√n) / (1 − 1/√n)}, B the Bowley skewness
 *       {@code (Q1 + Q3 − 2·Q2) / (Q3 − Q1)} of the {@code n} values {@code v}; the denominator is at least
 *       {@code 0.1·Q2}, so a spread too small to have a shape (milliseconds around a minute) counts as no
 *       skew, and a skewness within the sampling noise of a symmetric distribution ({@code ≈ 1/√n}) is
 *       forgiven. (RITA: {@code 1 − |B|}.)
 *   <li><b>Interval dispersion</b> = {@code RobustStatistics.clamp((j − m) / (j / 2))}, where {@code m = MAD(v) / RobustStatistics.median(v)}
 *       and {@code j = jitterTolerance}: 1 up to {@code m = j/2} (what uniform ±j jitter gives), falling to
 *       0 at {@code m = j}. Folded random arrivals have {@code m ≈ 0.25}. (RITA: {@code 1 − m}.)
 *   <li><b>Coverage</b> (RITA's connection count over the observation window): the share of the
 *       check-ins the period predicts that were seen, {@code r = n / (Σk + extras + 2·pauses)} over the
 *       {@code n} intervals between kept beats (a pause costs one missed beat, a stray connection one
 *       beat), scored {@code RobustStatistics.clamp((r − 0.4) / 0.5)}: 1 from 90 % seen, 0.8 with a fifth of the beats
 *       missed, 0 at 40 % (Poisson arrivals see 40–60 % of the beats their median predicts).
 *   <li><b>Randomness factor</b> (the signature of a Poisson process, which the walk above can otherwise
 *       fold onto a beat: long random gaps become missed beats, short ones extras, and with 10–25 arrivals the
 *       rest can look regular by chance). Over the raw intervals {@code d} between consecutive check-ins,
 *       pauses ({@code d ≥ (maxMissedInARow + 1.5)·P}) left out, take {@code x = max(d − mergeWithinMillis,
 *       0.05·P)} (merging makes {@code mergeWithinMillis} dead time after each check-in: for Poisson arrivals
 *       {@code d − mergeWithinMillis} is exactly exponential; the floor keeps one stray connection from counting
 *       for more than {@code ln 20}) and Moran's statistic {@code M = ln(mean x) − mean(ln x)}, the log of the
 *       arithmetic over the geometric mean. For exponential intervals {@code M ≈ γ = 0.577} (Euler's constant);
 *       for a beacon with ±30 % jitter {@code M ≈ 0.015}, and missed beats raise it only a little (a fifth
 *       missed: 0.04–0.13), since it is the short intervals, not the long ones, that weigh in it. With
 *       {@code m} intervals, {@code z = √m·(1 − √(M/γ))} measures how far below a Poisson process the
 *       series is ({@code √M} is close to normal; random arrivals reach {@code z ≥ 1.7} about once in a
 *       hundred and {@code z ≥ 2.1} about once in a thousand, for 5 to 100 intervals alike); the factor is
 *       {@code RobustStatistics.clamp(z − (zFull − 1))} with {@code zFull = min(2.5, 0.8·√m)}: 1 from {@code zFull}, 0 one
 *       unit below. A perfectly regular series has {@code z = √m}, so the cap {@code 0.8·√m} lets a short
 *       clean beacon (five or six check-ins) still reach 1. This is the index-of-dispersion idea made robust:
 *       the coefficient of variation would be inflated by missed beats and pauses and can be close to 0.5
 *       for a beacon missing a third of its beats.
 *   <li><b>Timing score</b> = mean of the three, times the randomness factor. (A multiplier, not a fourth
 *       term: random arrivals folded onto a beat can score 1 on skew and dispersion by chance, and a mean would
 *       let that outweigh the evidence against them.)
 *   <li><b>Size skew</b> = {@code 1 − |B|} of the known sizes (denominator at least {@code 0.1·median}, and 1
 *       byte); <b>size dispersion</b> = {@code RobustStatistics.clamp(1 − MAD / median)} (1 when median and MAD are both 0).
 *       <b>Size score</b> = their mean. Sizes are left out when fewer than three are known (bytes −1).
 *       RITA's "smallness" is not used: a large beacon is still a beacon.
 *   <li><b>Score</b> = {@code W = (timingWeight·timing + sizeWeight·size) / (timingWeight + sizeWeight)}
 *       when sizes are known, the timing score alone when they are not; 0 when there are fewer than
 *       {@code minConnections} check-ins. A beacon when the score is at least {@code threshold}. Equal sizes
 *       only <em>support</em> timing that is regular on its own: where {@code W} exceeds the timing score, the
 *       excess counts with the weight {@code s = RobustStatistics.clamp((timing − (threshold − 0.2)) / 0.1)}, i.e.
 *       {@code score = W − (1 − s)·max(0, W − timing)}: in full from a timing score of {@code threshold − 0.1}
 *       (0.7), not at all at or below {@code threshold − 0.2} (0.6). Sizes that vary always pull the score
 *       down. Equal sizes are common in benign traffic at random times (DNS, NTP, health checks), so they
 *       must not lift irregular timing over the threshold.
 * </ol>
 */
public final class BeaconAnalyzer {
    /** Spreads (Q3 − Q1) below this fraction of the median have no meaningful shape. */
    static final double MIN_SPREAD_FRACTION = 0.1;
    /** Share of the predicted check-ins seen at or above which coverage scores 1. */
    static final double COVERAGE_FULL = 0.9;
    /** Share of the predicted check-ins seen at or below which coverage scores 0. */
    static final double COVERAGE_NONE = 0.4;

    /** Euler's constant: Moran's statistic of exponential (Poisson) intervals tends to it. */
    static final double EULER_GAMMA = 0.5772156649015329;
    /** Floor of the intervals in Moran's statistic, as a fraction of the period. */
    static final double RANDOMNESS_FLOOR = 0.05;
    /** z at or above which the randomness factor is 1 (when there are enough intervals to reach it). */
    static final double RANDOMNESS_Z_FULL = 2.5;
    /** The largest z asked for, as a fraction of the highest z possible with m intervals (√m). */
    static final double RANDOMNESS_Z_SHARE = 0.8;
    /** Size support is full from {@code threshold − SIZE_SUPPORT_FULL} of timing... */
    static final double SIZE_SUPPORT_FULL = 0.1;
    /** ...and nothing at or below {@code threshold − SIZE_SUPPORT_NONE}. */
    static final double SIZE_SUPPORT_NONE = 0.2;

    private final BeaconSettings settings;

    /** An analyzer with {@link BeaconSettings#defaults()}. */
    public BeaconAnalyzer() {
        this(BeaconSettings.defaults());
    }

    /** An analyzer with the given settings. */
    public BeaconAnalyzer(BeaconSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings in use. */
    public BeaconSettings settings() {
        return settings;
    }

    /**
     * Scores one series.
     *
     * @param epochMillis start times of the connections, ascending (equal times allowed)
     * @param bytes size of each connection in bytes, −1 (any negative) when unknown; {@code null} when no
     *     size is known
     * @return the score with its components and a plain reason
     * @throws IllegalArgumentException when the times are not ascending or the arrays differ in length
     */
    public BeaconScore analyze(long[] epochMillis, long[] bytes) {
        Objects.requireNonNull(epochMillis, "epochMillis");
        if (bytes != null && bytes.length != epochMillis.length) {
            throw new IllegalArgumentException("bytes has " + bytes.length + " values for "
                    + epochMillis.length + " connections");
        }
        for (int i = 1; i < epochMillis.length; i++) {
            if (epochMillis[i] < epochMillis[i - 1]) {
                throw new IllegalArgumentException("times are not ascending at index " + i + ": "
                        + epochMillis[i - 1] + " then " + epochMillis[i]);
            }
        }
        int connections = epochMillis.length;
        Sizes sizes = Sizes.of(bytes);

        long[] checkIns = mergeParallel(epochMillis, settings.mergeWithinMillis());
        long[] raw = differences(checkIns);
        long medianInterval = raw.length == 0 ? 0 : Math.round(RobustStatistics.median(raw));
        long minInterval = raw.length == 0 ? 0 : Arrays.stream(raw).min().orElse(0);
        long maxInterval = raw.length == 0 ? 0 : Arrays.stream(raw).max().orElse(0);

        if (raw.length < 2) {
            String reason = checkIns.length <= 1
                    ? BeaconWording.describeCount(connections) + (connections == 0 ? "" : " at one time")
                            + ": too few to judge regularity (needs at least " + settings.minConnections()
                            + " check-ins)"
                    : BeaconWording.describeCount(connections) + " " + BeaconWording.duration(medianInterval) + " apart"
                            + ": too few to judge regularity (needs at least " + settings.minConnections()
                            + " check-ins)";
            return new BeaconScore(0, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, sizes.score,
                    sizes.skew, sizes.dispersion, connections, checkIns.length, 0, 0, 0, medianInterval,
                    medianInterval, minInterval, maxInterval, 0, sizes.median, sizes.min, sizes.max,
                    reason);
        }

        Walk walk = walk(checkIns, RobustStatistics.median(raw));
        if (walk.aligned.length > 0) {
            walk = walk(checkIns, walk.refinedPeriod);
        }
        double period = walk.period;
        double skew;
        double dispersion;
        long spread;
        if (walk.aligned.length >= 2) {
            double noise = 1 / Math.sqrt(walk.aligned.length);
            skew = RobustStatistics.clamp(1 - Math.max(0, Math.abs(RobustStatistics.bowley(walk.aligned)) - noise) / (1 - noise));
            double med = RobustStatistics.median(walk.aligned);
            double mad = RobustStatistics.medianAbsoluteDeviation(walk.aligned, med);
            spread = Math.round(mad);
            double relative = med > 0 ? mad / med : 1;
            double j = settings.jitterTolerance();
            dispersion = RobustStatistics.clamp((j - relative) / (j / 2));
        } else {
            skew = 0;
            dispersion = 0;
            spread = 0;
        }
        double coverage = walk.intervals == 0 ? 0
                : (double) walk.intervals / (walk.expected + walk.extras + 2.0 * walk.pauses);
        double seen = coverage;
        // 1 from 90 % of the predicted check-ins seen, 0 at 40 %.
        coverage = RobustStatistics.clamp((seen - COVERAGE_NONE) / (COVERAGE_FULL - COVERAGE_NONE));
        double randomness = randomnessFactor(raw, period);
        double timing = (skew + dispersion + coverage) / 3 * randomness;

        int beats = walk.intervals + 1;
        boolean enough = beats >= settings.minConnections();
        double combined = timing;
        if (sizes.known()) {
            double weighted = (settings.timingWeight() * timing + settings.sizeWeight() * sizes.score)
                    / (settings.timingWeight() + settings.sizeWeight());
            double support = RobustStatistics.clamp((timing - (settings.threshold() - SIZE_SUPPORT_NONE))
                    / (SIZE_SUPPORT_NONE - SIZE_SUPPORT_FULL));
            combined = weighted - (1 - support) * Math.max(0, weighted - timing);
        }
        double score = enough ? RobustStatistics.clamp(combined) : 0;
        boolean beacon = enough && score >= settings.threshold();

        int missed = walk.missed + walk.pauses;
        String reason = reason(connections, beats, enough, beacon, score, timing, sizes, Math.round(period),
                medianInterval, minInterval, maxInterval, spread, missed, walk.extras, walk.pauses, randomness);
        return new BeaconScore(score, beacon, timing, skew, dispersion, coverage, sizes.score, sizes.skew,
                sizes.dispersion, connections, beats, missed, walk.extras, walk.pauses, Math.round(period),
                medianInterval, minInterval, maxInterval, spread, sizes.median, sizes.min, sizes.max, reason);
    }

    /**
     * The randomness factor: 1 when the raw intervals between check-ins are far less scattered than those of
     * random (Poisson) arrivals, 0 when they are as scattered (see the class comment).
     */
    double randomnessFactor(long[] raw, double period) {
        double pause = (settings.maxMissedInARow() + 1.5) * period;
        double dead = settings.mergeWithinMillis();
        double sum = 0;
        double logs = 0;
        int m = 0;
        for (long d : raw) {
            if (d >= pause) {
                continue;
            }
            double x = Math.max(d - dead, RANDOMNESS_FLOOR * period);
            sum += x;
            logs += Math.log(x);
            m++;
        }
        if (m < 2 || !(sum > 0)) {
            return 0;
        }
        double moran = Math.max(0, Math.log(sum / m) - logs / m);
        double z = Math.sqrt(m) * (1 - Math.sqrt(moran / EULER_GAMMA));
        double zFull = Math.min(RANDOMNESS_Z_FULL, RANDOMNESS_Z_SHARE * Math.sqrt(m));
        return RobustStatistics.clamp(z - (zFull - 1));
    }

    /** The check-in times: the first connection of each group starting within {@code window} of it. */
    static long[] mergeParallel(long[] times, long window) {
        long[] out = new long[times.length];
        int n = 0;
        for (long t : times) {
            if (n == 0 || t - out[n - 1] > window) {
                out[n++] = t;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static long[] differences(long[] times) {
        long[] d = new long[Math.max(0, times.length - 1)];
        for (int i = 1; i < times.length; i++) {
            d[i - 1] = times[i] - times[i - 1];
        }
        return d;
    }

    /** The result of walking the check-ins with one period. */
    private record Walk(double period, double[] aligned, int intervals, long expected, int missed, int extras,
            int pauses, double refinedPeriod) {}

    private Walk walk(long[] checkIns, double period) {
        double tooSoon = (1 - 2 * settings.jitterTolerance()) * period;
        int maxBeats = settings.maxMissedInARow() + 1;
        double[] aligned = new double[checkIns.length];
        double[] perBeat = new double[checkIns.length];
        int n = 0;
        int intervals = 0;
        long expected = 0;
        int missed = 0;
        int extras = 0;
        int pauses = 0;
        long last = checkIns[0];
        for (int i = 1; i < checkIns.length; i++) {
            long d = checkIns[i] - last;
            if (d < tooSoon) {
                extras++;
                continue;
            }
            last = checkIns[i];
            intervals++;
            long k = Math.max(1, Math.round(d / period));
            if (k > maxBeats) {
                pauses++;
                continue;
            }
            expected += k;
            missed += (int) (k - 1);
            aligned[n] = d - (k - 1) * period;
            perBeat[n] = (double) d / k;
            n++;
        }
        double refined = n == 0 ? period : RobustStatistics.median(Arrays.copyOf(perBeat, n));
        return new Walk(period, Arrays.copyOf(aligned, n), intervals, expected, missed, extras, pauses, refined);
    }

    /** Sizes and their scores; NaN and -1 when unknown. */
    private record Sizes(double score, double skew, double dispersion, long median, long min, long max) {
        boolean known() {
            return !Double.isNaN(score);
        }

        static Sizes of(long[] bytes) {
            long[] known = bytes == null ? new long[0] : Arrays.stream(bytes).filter(b -> b >= 0).toArray();
            if (known.length < 3) {
                return new Sizes(Double.NaN, Double.NaN, Double.NaN, -1, -1, -1);
            }
            double[] values = Arrays.stream(known).asDoubleStream().toArray();
            double med = RobustStatistics.median(values);
            double mad = RobustStatistics.medianAbsoluteDeviation(values, med);
            double skew = 1 - Math.abs(RobustStatistics.bowley(values, 1));
            double dispersion = med > 0 ? RobustStatistics.clamp(1 - mad / med) : (mad == 0 ? 1 : 0);
            return new Sizes((skew + dispersion) / 2, skew, dispersion, Math.round(med),
                    Arrays.stream(known).min().orElse(-1), Arrays.stream(known).max().orElse(-1));
        }
    }

    // ---- statistics --------------------------------------------------------------------------------------


    // ---- wording -----------------------------------------------------------------------------------------

    private String reason(int connections, int beats, boolean enough, boolean beacon, double score, double timing,
            Sizes sizes, long period, long medianInterval, long minInterval, long maxInterval, long spread,
            int missed, int extras, int pauses, double randomness) {
        StringBuilder s = new StringBuilder(BeaconWording.describeCount(connections));
        if (beats != connections) {
            s.append(" (").append(beats).append(beats == 1 ? " check-in" : " check-ins").append(')');
        }
        boolean regularTiming = timing >= settings.threshold();
        if (regularTiming) {
            s.append(" about every ").append(BeaconWording.duration(period));
        } else {
            s.append(" at irregular times");
        }
        s.append(" (intervals ").append(BeaconWording.range(minInterval, maxInterval, BeaconWording::duration))
                .append(", median ").append(BeaconWording.duration(medianInterval))
                .append(", spread ±").append(BeaconWording.duration(spread)).append(')');
        if (sizes.known()) {
            if (sizes.score >= settings.threshold()) {
                s.append(" with nearly equal sizes (about ").append(BeaconWording.size(sizes.median)).append(')');
            } else {
                s.append(" with varying sizes (").append(BeaconWording.range(sizes.min, sizes.max, BeaconWording::size))
                        .append(", median ").append(BeaconWording.size(sizes.median)).append(')');
            }
        }
        StringBuilder notes = new StringBuilder();
        if (missed > 0) {
            notes.append(missed).append(missed == 1 ? " missed beat" : " missed beats");
        }
        if (pauses > 0) {
            notes.append(notes.isEmpty() ? "" : ", ").append(pauses).append(pauses == 1 ? " pause" : " pauses");
        }
        if (extras > 0) {
            notes.append(notes.isEmpty() ? "" : ", ").append(extras)
                    .append(extras == 1 ? " connection off the beat" : " connections off the beat");
        }
        if (randomness < 0.5) {
            notes.append(notes.isEmpty() ? "" : ", ").append("gaps scattered like random arrivals");
        }
        if (!notes.isEmpty()) {
            s.append(", ").append(notes);
        }
        if (!enough) {
            s.append(": too few to judge regularity (needs at least ").append(settings.minConnections())
                    .append(" check-ins)");
        } else if (beacon) {
            s.append(": regular like a beacon (score ").append(BeaconWording.fixed(score)).append(')');
        } else {
            s.append(": not regular enough for a beacon (score ").append(BeaconWording.fixed(score)).append(", needs ")
                    .append(BeaconWording.fixed(settings.threshold())).append(')');
        }
        return s.toString();
    }

}
