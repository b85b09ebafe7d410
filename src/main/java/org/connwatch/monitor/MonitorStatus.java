package org.connwatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the monitor is doing, for the dashboard's live counts and /metrics.
 *
 * @param startedAt       when monitoring started
 * @param lastPoll        when the last poll finished, null before the first
 * @param pollInterval    the time between polls
 * @param lastPollTook    how long the last poll took (snapshot, tracking, detection, writing)
 * @param polls           polls done
 * @param recordsSeen     socket/flow records looked at, over all polls
 * @param openConnections connections open now
 * @param connectionsSeen connections followed since start (open and closed)
 * @param shortLived      connections that opened and closed between two polls, caught by the event source
 * @param findingsRaised  findings raised since start (recurrences not counted)
 * @param alertsSuppressed alerts held back by the rate limit since start
 * @param sources         one line per source in use (sockets via netlink, socket close events, capture on eth0 ...)
 * @param notices         what the user should know (a missing privilege, a fallback), one line each
 */
public record MonitorStatus(Instant startedAt, Instant lastPoll, Duration pollInterval, Duration lastPollTook,
                            long polls, long recordsSeen, int openConnections, long connectionsSeen, long shortLived,
                            long findingsRaised, long alertsSuppressed, List<String> sources, List<String> notices) {

    public MonitorStatus {
        sources = List.copyOf(sources);
        notices = List.copyOf(notices);
    }
}
