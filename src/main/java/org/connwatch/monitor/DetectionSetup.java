package org.connwatch.monitor;

import java.io.IOException;
import java.nio.file.Path;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.policy.PolicyException;

/**
 * Where the monitor gets its detectors (the policy, block lists and learned baseline) and where an allow
 * rule goes. {@link #load()} is called at start and again after the user allowed a finding, from the
 * thread that allowed it.
 */
public interface DetectionSetup {

    /** The engine as the policy, block lists and baseline now say, read afresh. */
    DetectionEngine load() throws IOException, PolicyException;

    /** The policy file allow rules are written to (created when missing). */
    Path policyFile();
}
