package org.connwatch.detect.peak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.peak.History.GIB;
import static org.connwatch.detect.peak.History.HOST;
import static org.connwatch.detect.peak.History.MIB;
import static org.connwatch.detect.peak.History.conn;
import static org.connwatch.detect.peak.History.office;
import static org.connwatch.detect.peak.History.ordered;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.junit.jupiter.api.Test;

/** Peaks judged against the volumes learned per hour of the week when the history is too short. */
class LearnedPeakTest {
    /** A Wednesday: two days of history, to Thursday 2026-11-19. */
    private static final Instant FROM = Instant.parse("2026-11-18T00:00:00Z");
    private static final Instant NIGHT = Instant.parse("2026-11-19T03:05:00Z");
    private static final Instant TEN_AM = Instant.parse("2026-11-19T10:05:00Z");
    /** Thursday 03:00 and 10:00 UTC. */
    private static final int THU_3 = 3 * 24 + 3;
    private static final int THU_10 = 3 * 24 + 10;

    /** Learned: quiet nights (2 MiB sent, 5 MiB received), busy days (1.5 GiB sent, 1 GiB received), 4 weeks. */
    private static final LearnedVolumes LEARNED = (host, hourOfWeek, flow) -> {
        if (!host.equals(HOST)) {
            return Optional.empty();
        }
        int hour = hourOfWeek % 24;
        boolean busy = hour >= 8 && hour < 18;
        long median = flow == Flow.SENT ? (busy ? 3 * GIB / 2 : 2 * MIB) : (busy ? GIB : 5 * MIB);
        return Optional.of(new LearnedVolumes.Usual(median, median / 10, 4));
    };

    /** Two days of a busy office machine: its busy hours alone are too busy to call a 2 GiB upload a peak. */
    private static List<Connection> shortHistory() {
        return office(HOST, FROM, 2, 7, 300 * MIB, 600 * MIB);
    }

    private static Connection upload(Instant at) {
        return conn(HOST, "198.51.100.50:443", AddressClass.PUBLIC, "rclone", at, Duration.ofMinutes(45), 2 * GIB,
                20 * MIB);
    }

    @Test
    void theHourOfTheWeekIsUtc() {
        assertThat(TrafficPeakDetector.utcHourOfWeek(Instant.parse("2026-11-16T00:00:00Z"))).isZero();
        assertThat(TrafficPeakDetector.utcHourOfWeek(NIGHT.minusSeconds(300))).isEqualTo(THU_3);
        assertThat(TrafficPeakDetector.utcHourOfWeek(Instant.parse("2026-11-22T23:00:00Z"))).isEqualTo(167);
    }

    @Test
    void aNightUploadInAShortHistoryIsFlaggedAgainstTheLearnedUsualForThatHourOfTheWeek() {
        List<Connection> history = ordered(shortHistory(), upload(NIGHT));
        // On its own, two days are too little: the busy hours are the baseline and 2 GiB is not far above them.
        assertThat(TrafficPeakDetector.defaults().detect(history)).isEmpty();
        assertThat(new TrafficPeakDetector(PeakSettings.defaults(), (h, w, f) -> Optional.empty()).detect(history))
                .isEmpty();

        List<Finding> fs = TrafficPeakDetector.learned(LEARNED).detect(history);
        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.connections()).extracting(c -> c.traffic().bytesSent()).containsExactly(2 * GIB);
        HostHours hours = HostHours.of(history, PeakSettings.defaults().zone());
        long volume = hours.sent()[hours.hours().indexOf(NIGHT.minusSeconds(300))];
        assertThat(f.reason()).isEqualTo("10.0.0.8 sent " + Phrases.bytes(volume) + " between 03:00 and 04:00 UTC"
                + " on 2026-11-19, " + Math.round(volume / (double) (2 * MIB)) + " times its learned usual "
                + Phrases.bytes(2 * MIB) + " for that hour of the week (median of 4 weeks learned); most of it (99 %) "
                + "to 198.51.100.50:443 over tcp by rclone (pid 4242)");
        assertThat(LEARNED.usual(HOST, THU_3, Flow.SENT)).isPresent();
    }

    @Test
    void evenAHistoryShorterThanTheMinimumIsJudgedAgainstWhatWasLearned() {
        List<Connection> history = List.of(upload(NIGHT));
        assertThat(TrafficPeakDetector.defaults().detect(history)).isEmpty();
        assertThat(TrafficPeakDetector.learned(LEARNED).detect(history)).hasSize(1)
                .allSatisfy(f -> assertThat(f.reason()).contains("(median of 4 weeks learned)"));
    }

    @Test
    void theSameUploadAtALearnedBusyHourIsNotAPeak() {
        assertThat(LEARNED.usual(HOST, THU_10, Flow.SENT)).map(LearnedVolumes.Usual::median).contains(3 * GIB / 2);
        assertThat(TrafficPeakDetector.learned(LEARNED).detect(ordered(shortHistory(), upload(TEN_AM)))).isEmpty();
    }

    @Test
    void anotherHostsLearnedVolumesDoNotApply() {
        LearnedVolumes other = (host, w, f) -> host.equals("10.0.0.99") ? LEARNED.usual(HOST, w, f) : Optional.empty();
        assertThat(TrafficPeakDetector.learned(other).detect(ordered(shortHistory(), upload(NIGHT)))).isEmpty();
    }

    @Test
    void aLearnedVolumeComesBeforeTheHourOfTheDay() {
        // 14 days give too few of the same hour of the week: the hour of the day would serve, the learned
        // volume comes first.
        List<Connection> history = ordered(office(HOST, Instant.parse("2026-11-06T00:00:00Z"), 14, 1, 30 * MIB,
                200 * MIB), upload(NIGHT));
        assertThat(TrafficPeakDetector.learned(LEARNED).detect(history)).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("weeks learned"));
        assertThat(TrafficPeakDetector.defaults().detect(history)).singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("other days"));
    }
}
