package org.connwatch.present.web;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.connwatch.act.alert.SinkCounts;
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
 * @param alerts   what each alert sink has done since start (empty without alerts)
 */
public record WebBackend(History history, LiveView live, FindingActions actions, ApplicableRules rules,
                         String hostName, Clock clock, Supplier<List<SinkCounts>> alerts) {

    public WebBackend {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** Without alerts. */
    public WebBackend(History history, LiveView live, FindingActions actions, ApplicableRules rules, String hostName,
                      Clock clock) {
        this(history, live, actions, rules, hostName, clock, List::of);
    }
}
