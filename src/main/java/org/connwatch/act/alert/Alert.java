package org.connwatch.act.alert;

import java.time.Instant;
import org.connwatch.detect.Severity;

/** What an alert sink is asked to deliver: one finding, or a summary of those the rate limit held back. */
public sealed interface Alert permits FindingAlert, HeldBackAlert {

    /** When the alert was made (the dispatcher's clock). */
    Instant at();

    /** How bad it is: the finding's severity, or the worst of those held back. */
    Severity severity();

    /** The rule that raised it ({@code rule.id}): the detector, or {@value HeldBackAlert#RULE_ID}. */
    String ruleId();

    /** One plain sentence for a person (the finding's reason); may hold hostile text, sinks escape it. */
    String message();
}
