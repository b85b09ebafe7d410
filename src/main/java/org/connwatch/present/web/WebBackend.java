package org.connwatch.present.web;

import java.time.Clock;
import java.util.Objects;
import org.connwatch.monitor.FindingActions;
import org.connwatch.monitor.LiveView;
import org.connwatch.store.History;

/**
 * Everything the dashboard reads and acts on, handed in as one bundle (tests hand in fakes).
 *
 * @param history  the stored history (read only here)
 * @param live     what the monitor holds now
 * @param actions  acknowledge / allow a finding
 * @param rules    the policy rules that apply to a connection
 * @param hostName this machine's name ({@code host.name} of the ECS documents)
 * @param clock    the time "now" for default windows
 */
public record WebBackend(History history, LiveView live, FindingActions actions, ApplicableRules rules,
                         String hostName, Clock clock) {

    public WebBackend {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(clock, "clock");
    }
}
