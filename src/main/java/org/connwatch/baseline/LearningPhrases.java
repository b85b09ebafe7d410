package org.connwatch.baseline;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.connwatch.detect.Phrases;
import org.connwatch.records.Connection;

/** The pieces of the baseline detectors' reasons. */
final class LearningPhrases {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private LearningPhrases() {
    }

    /** "curl (pid 4242) on 10.0.0.5", or "10.0.0.5" when the program is unknown. */
    static String actor(Connection c) {
        return c.process() == null ? c.local().ip() : Phrases.program(c) + " on " + c.local().ip();
    }

    /** "during learning (2026-11-20 09:00 to 2026-11-21 09:00 UTC, 1,234 connections)". */
    static String period(Baseline b) {
        String span = b.started().map(TIME::format).orElse("?") + " to " + b.ended().map(TIME::format).orElse("?")
                + " UTC";
        return "during learning (" + span + ", " + String.format(Locale.ROOT, "%,d", b.records())
                + (b.records() == 1 ? " connection)" : " connections)");
    }

    /** What a connection does, from its actor's side: "connects to ...", "listens on ...". */
    static String doing(Connection c) {
        return switch (ConnectionRole.of(c)) {
            case LISTENER -> "listens on " + c.transport().label() + " port " + c.local().port();
            case INBOUND -> "accepts a connection from " + c.remote() + " over " + c.transport().label();
            case OUTGOING, IGNORED -> "connects to " + Phrases.remote(c);
        };
    }

    /** The first 12 hex digits of a hash, with an ellipsis. */
    static String shortHash(String sha256) {
        return sha256.substring(0, 12) + "…";
    }
}
