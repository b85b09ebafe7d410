package org.connwatch.act.alert;

import java.time.Instant;
import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Records;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;

/** Findings as the monitor would hand them to a listener, for the alert tests. */
final class Findings {
    /** A name a hostile program or DNS answer could carry. */
    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    private Findings() {
    }

    /** An open finding about {@code program} connecting to 203.0.113.9:4444, seen first and last at {@code at}. */
    static FindingState open(long id, Severity severity, String program, String reason, Instant at) {
        Connection c = Records.outbound(Transport.TCP, "203.0.113.9:4444", AddressClass.PUBLIC, program);
        Finding f = new Finding("unusual-port", severity, 62.5, reason, List.of(c), at);
        return new FindingState(id, "unusual-port|" + program + "|203.0.113.9:4444", f, at, at, 1, List.of(id * 10),
                FindingStatus.OPEN, "");
    }

    static FindingState open(long id, Instant at) {
        return open(id, Severity.MEDIUM, "nc", "nc connects to 203.0.113.9 on port 4444, which nothing here uses",
                at);
    }

    /** The same finding recurring at {@code at}: one more occurrence, last seen then. */
    static FindingState recurred(FindingState s, Instant at) {
        return new FindingState(s.id(), s.key(), s.latest(), s.firstSeen(), at, s.occurrences() + 1,
                s.connectionIds(), s.status(), s.note());
    }
}
