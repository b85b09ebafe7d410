package org.connwatch.baseline;

import java.util.Objects;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;

/**
 * {@code new-destination}: a known actor starts a connection to a destination it never used while
 * learning. The destination is new when neither its address block nor its domain was seen (a
 * known domain on a new block is a service that moved; a known block under a new name is the
 * same servers): medium. When only the port (with its transport) is new: low. Loopback, inbound
 * connections and listeners are not destinations; actors unknown to the baseline are left to
 * {@link UnknownProgramDetector}, and actors whose destinations hit the cap while learning are
 * not judged. Without a baseline it reports nothing.
 *
 * @param baseline what was learned
 */
public record NewDestinationDetector(Baseline baseline) implements PerConnectionDetector {
    public static final String ID = "new-destination";

    public NewDestinationDetector {
        Objects.requireNonNull(baseline, "baseline");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "after learning, a program or host connects to an address block, domain or port it never used";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if (baseline.isEmpty() || ConnectionRole.of(c) != ConnectionRole.OUTGOING) {
            return Optional.empty();
        }
        Optional<ActorProfile> known = baseline.profile(Actor.of(c));
        if (known.isEmpty() || known.get().droppedDestinations() > 0) {
            return Optional.empty();
        }
        ActorProfile p = known.get();
        Destination d = Destination.of(c);
        boolean newPlace = !p.knowsBlock(d.block()) && (d.domain() == null || !p.knowsDomain(d.domain()));
        boolean newPort = d.port() != 0 && !p.knowsPort(d.transport(), d.port());
        if (!newPlace && !newPort) {
            return Optional.empty();
        }
        String place = d.domain() == null ? d.block() : d.domain() + " or " + d.block();
        String knownPlace = p.knowsDomain(d.domain()) ? d.domain() : d.block();
        String facts;
        if (newPlace && newPort) {
            facts = "it was never seen talking to " + place + " or to port " + d.port();
        } else if (newPlace) {
            facts = "it was never seen talking to " + place;
        } else {
            facts = "it talked to " + knownPlace + " but never to port " + d.port();
        }
        String reason = LearningPhrases.actor(c) + " " + LearningPhrases.doing(c) + ": " + facts + " "
                + LearningPhrases.period(baseline);
        return Optional.of(Finding.of(ID, newPlace ? Severity.MEDIUM : Severity.LOW, newPlace ? 50 : 25, reason, c));
    }
}
