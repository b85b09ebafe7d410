package org.connwatch.act.alert;

/**
 * What one alert sink has done since start, for {@code /metrics} and the dashboard.
 *
 * @param sink       the sink's name, e.g. {@code stdout}, {@code syslog udp://127.0.0.1:514}
 * @param sent       alerts delivered (summaries included)
 * @param suppressed alerts left out on purpose: a recurrence within the quiet period, or a finding
 *                   acknowledged or allowed
 * @param heldBack   alerts held back by the rate limit (each summary reports them)
 * @param failed     alerts that could not be delivered (after the retries, where the sink retries)
 * @param dropped    alerts dropped because the sink's queue was full
 */
public record SinkCounts(String sink, long sent, long suppressed, long heldBack, long failed, long dropped) {
}
