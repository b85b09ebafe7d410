package org.connwatch.act.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.detect.Severity;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private final ManualClock clock = new ManualClock(T0);
    private final List<String> notices = new ArrayList<>();

    private AlertDispatcher dispatcher(AlertLimits limits, AlertSink... sinks) {
        return new AlertDispatcher(List.of(sinks), limits, clock, List.of(), notices::add);
    }

    @Test
    void aNewFindingAlertsOnEverySinkAndARecurrenceOnlyAfterTheQuietPeriod() {
        RecordingSink a = new RecordingSink("a");
        RecordingSink b = new RecordingSink("b");
        AlertDispatcher d = dispatcher(AlertLimits.DEFAULTS, a, b);
        FindingState f = Findings.open(1, T0);

        d.changed(f, true);
        clock.advance(Duration.ofMinutes(59));
        FindingState again = Findings.recurred(f, clock.instant());
        d.changed(again, false);
        assertThat(a.delivered).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        FindingState later = Findings.recurred(again, clock.instant());
        d.changed(later, false);

        for (RecordingSink s : List.of(a, b)) {
            assertThat(s.delivered).extracting(x -> ((FindingAlert) x).isNew()).containsExactly(true, false);
            assertThat(((FindingAlert) s.delivered.get(1)).state().occurrences()).isEqualTo(3);
            assertThat(s.delivered.get(1).at()).isEqualTo(T0.plus(Duration.ofHours(1)));
        }
        assertThat(d.counts()).containsExactly(new SinkCounts("a", 2, 1, 0, 0, 0), new SinkCounts("b", 2, 1, 0, 0, 0));
    }

    @Test
    void theQuietPeriodCountsFromTheLastAlertNotFromTheLastOccurrence() {
        RecordingSink s = new RecordingSink("s");
        AlertDispatcher d = dispatcher(AlertLimits.DEFAULTS, s);
        FindingState f = Findings.open(1, T0);
        d.changed(f, true);
        for (int minute = 10; minute <= 70; minute += 10) {
            clock.advance(Duration.ofMinutes(10));
            f = Findings.recurred(f, clock.instant());
            d.changed(f, false); // recurs every 10 minutes: alerts again at 60, not at 70
        }
        assertThat(s.delivered).extracting(Alert::at).containsExactly(T0, T0.plus(Duration.ofMinutes(60)));
    }

    @Test
    void acknowledgedAndAllowedFindingsNeverAlertAgain() {
        RecordingSink s = new RecordingSink("s");
        AlertDispatcher d = dispatcher(AlertLimits.DEFAULTS, s);
        FindingState f = Findings.open(1, T0);
        d.changed(f, true);
        FindingState acked = f.withStatus(FindingStatus.ACKNOWLEDGED, "my backup job");
        FindingState allowed = Findings.open(2, T0).withStatus(FindingStatus.ALLOWED, "allowed");
        for (int day = 1; day <= 3; day++) {
            clock.advance(Duration.ofDays(1));
            d.changed(Findings.recurred(acked, clock.instant()), false);
            d.changed(Findings.recurred(allowed, clock.instant()), false);
        }
        assertThat(s.delivered).hasSize(1);
        assertThat(d.counts().getFirst().suppressed()).isEqualTo(6);
    }

    @Test
    void aFloodIsHeldBackAndSummedUpOnceTheBucketRefills() {
        RecordingSink s = new RecordingSink("s");
        AlertDispatcher d = dispatcher(new AlertLimits(Duration.ofHours(1), 3, Duration.ofMinutes(1)), s);
        for (int i = 1; i <= 7; i++) {
            Severity severity = i == 5 ? Severity.CRITICAL : Severity.LOW;
            d.changed(Findings.open(i, severity, "nc", "finding " + i, clock.instant()), true);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(s.delivered).hasSize(3);
        assertThat(d.counts().getFirst().heldBack()).isEqualTo(4);

        d.tick(); // 7 s after the flood began: no token yet
        assertThat(s.delivered).hasSize(3);

        clock.advance(Duration.ofSeconds(53)); // one minute after start: one token back
        d.tick();
        assertThat(s.delivered).hasSize(4);
        HeldBackAlert summary = (HeldBackAlert) s.delivered.get(3);
        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.worst()).isEqualTo(Severity.CRITICAL);
        assertThat(summary.since()).isEqualTo(T0.plusSeconds(3));
        assertThat(summary.message()).startsWith("4 more findings were held back by the alert rate limit since "
                + "2026-11-20T03:00:03Z (the worst critical)");

        d.tick(); // nothing more held back: no second summary
        clock.advance(Duration.ofMinutes(10));
        d.tick();
        assertThat(s.delivered).hasSize(4);
        assertThat(d.counts().getFirst()).isEqualTo(new SinkCounts("s", 4, 0, 4, 0, 0));
    }

    @Test
    void theSummaryGoesOutBeforeTheNextFindingWhenNoTickCameFirst() {
        RecordingSink s = new RecordingSink("s");
        AlertDispatcher d = dispatcher(new AlertLimits(Duration.ofHours(1), 1, Duration.ofMinutes(5)), s);
        d.changed(Findings.open(1, T0), true);
        d.changed(Findings.open(2, T0), true);
        clock.advance(Duration.ofMinutes(10)); // two tokens' worth of time, but the bucket holds one
        d.changed(Findings.open(3, clock.instant()), true);

        assertThat(s.delivered).hasSize(2);
        assertThat(s.delivered.get(1)).isInstanceOf(HeldBackAlert.class);
        assertThat(((HeldBackAlert) s.delivered.get(1)).count()).isEqualTo(1);
        assertThat(d.counts().getFirst().heldBack()).isEqualTo(2); // finding 3 waits for the next token
    }

    @Test
    void aFindingHeldBackAtFirstAlertsOnARecurrenceOnceTheQuietPeriodHasPassedSinceItWasFirstSeen() {
        RecordingSink s = new RecordingSink("s");
        AlertDispatcher d = dispatcher(new AlertLimits(Duration.ofMinutes(30), 1, Duration.ofMinutes(1)), s);
        d.changed(Findings.open(1, T0), true);
        FindingState second = Findings.open(2, T0);
        d.changed(second, true); // held back
        clock.advance(Duration.ofMinutes(10));
        d.tick(); // the summary takes the token
        clock.advance(Duration.ofMinutes(1));
        d.changed(Findings.recurred(second, clock.instant()), false); // 11 min after first seen: quiet
        clock.advance(Duration.ofMinutes(20));
        d.changed(Findings.recurred(second, clock.instant()), false); // 31 min: alerts

        assertThat(s.delivered).hasSize(3);
        assertThat(((FindingAlert) s.delivered.get(2)).state().id()).isEqualTo(2);
    }

    @Test
    void aSinkThatThrowsCountsAFailureAndTheOthersStillGetTheAlert() {
        AlertSink broken = new RecordingSink("broken") {
            @Override
            public void deliver(Alert alert) {
                throw new IllegalStateException("bug in a sink");
            }
        };
        RecordingSink fine = new RecordingSink("fine");
        AlertDispatcher d = dispatcher(AlertLimits.DEFAULTS, broken, fine);
        d.changed(Findings.open(1, T0), true);
        d.changed(Findings.open(2, T0), true);

        assertThat(fine.delivered).hasSize(2);
        assertThat(d.counts().getFirst().failed()).isEqualTo(2);
        assertThat(notices).singleElement().asString().contains("broken").contains("bug in a sink");
    }

    @Test
    void theBucketSavesNothingUpWhileFullAndIgnoresAClockThatGoesBack() {
        TokenBucket bucket = new TokenBucket(2, Duration.ofMinutes(1), T0);
        Instant later = T0.plus(Duration.ofHours(5));
        assertThat(bucket.tryTake(later)).isTrue();
        assertThat(bucket.tryTake(later)).isTrue();
        assertThat(bucket.tryTake(later)).isFalse();
        assertThat(bucket.tryTake(later.minus(Duration.ofHours(1)))).isFalse();
        assertThat(bucket.tryTake(later.plusSeconds(59))).isFalse();
        assertThat(bucket.tryTake(later.plusSeconds(60))).isTrue();
        assertThat(bucket.tryTake(later.plusSeconds(61))).isFalse();
        assertThat(bucket.tryTake(later.plusSeconds(180))).isTrue();
        assertThat(bucket.tryTake(later.plusSeconds(180))).isTrue();
        assertThat(bucket.tryTake(later.plusSeconds(180))).isFalse();
    }

    @Test
    void theLastAlertTimesAreBounded() {
        RecordingSink s = new RecordingSink("s");
        AlertDispatcher d = dispatcher(new AlertLimits(Duration.ofHours(1), AlertLimits.MAX_BURST,
                Duration.ofMillis(1)), s);
        int n = SinkGate.REMEMBERED + 10;
        for (int i = 1; i <= n; i++) {
            d.changed(Findings.open(i, T0), true);
            clock.advance(Duration.ofMillis(1));
        }
        // finding 1 was forgotten (the oldest): its recurrence is judged from its first sighting, 65 s ago
        d.changed(Findings.recurred(Findings.open(1, T0), clock.instant()), false);
        assertThat(s.delivered).hasSize(n);
        assertThat(d.counts().getFirst().suppressed()).isEqualTo(1);
    }
}
