package org.connwatch.baseline;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.connwatch.detect.Finding;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;

/**
 * {@code new-listener}: after learning, a known actor listens on a port (with its transport) it
 * never listened on: low. Loopback listeners are not judged, nor actors unknown to the baseline
 * (see {@link UnknownProgramDetector}) or whose listeners hit the cap. Without a baseline it
 * reports nothing.
 *
 * @param baseline what was learned
 */
public record NewListenerDetector(Baseline baseline) implements PerConnectionDetector {
    public static final String ID = "new-listener";
    private static final int SHOWN = 5;

    public NewListenerDetector {
        Objects.requireNonNull(baseline, "baseline");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "after learning, a program or host listens on a port it never listened on";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if (baseline.isEmpty() || ConnectionRole.of(c) != ConnectionRole.LISTENER) {
            return Optional.empty();
        }
        Optional<ActorProfile> known = baseline.profile(Actor.of(c));
        if (known.isEmpty() || known.get().droppedListeners() > 0) {
            return Optional.empty();
        }
        Listener l = new Listener(c.transport(), c.local().port());
        if (known.get().listeners().contains(l)) {
            return Optional.empty();
        }
        var before = known.get().listeners();
        String learned = before.isEmpty() ? "it never listened on any port"
                : "it listened only on " + before.stream().limit(SHOWN).map(Listener::toString)
                        .collect(Collectors.joining(", ")) + (before.size() > SHOWN ? " and others" : "");
        String reason = LearningPhrases.actor(c) + " " + LearningPhrases.doing(c) + ": " + learned + " "
                + LearningPhrases.period(baseline);
        return Optional.of(Finding.of(ID, Severity.LOW, 25, reason, c));
    }
}
