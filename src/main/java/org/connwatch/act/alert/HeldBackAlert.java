package org.connwatch.act.alert;

import java.time.Instant;
import java.util.Objects;
import org.connwatch.detect.Severity;

/**
 * The summary a sink sends when its rate limit lets alerts through again: how many it held back.
 *
 * @param count how many alerts were held back, at least 1
 * @param worst the worst severity among them
 * @param since when the first of them was held back
 * @param at    when the summary was made
 */
public record HeldBackAlert(long count, Severity worst, Instant since, Instant at) implements Alert {
    /** The {@code rule.id} of a summary. */
    public static final String RULE_ID = "alert-rate-limit";

    public HeldBackAlert {
        if (count < 1) {
            throw new IllegalArgumentException("a summary is about at least one alert: " + count);
        }
        Objects.requireNonNull(worst, "worst");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Severity severity() {
        return worst;
    }

    @Override
    public String ruleId() {
        return RULE_ID;
    }

    @Override
    public String message() {
        return count + " more finding" + (count == 1 ? " was" : "s were") + " held back by the alert rate limit since "
                + since + " (the worst " + worst.label() + "); the dashboard and 'connwatch history' list them";
    }
}
