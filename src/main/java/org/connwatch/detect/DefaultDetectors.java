package org.connwatch.detect;

import java.util.List;
import org.connwatch.detect.beacon.BeaconDetector;
import org.connwatch.detect.rules.HighTxDetector;
import org.connwatch.detect.rules.LongConnectionDetector;
import org.connwatch.detect.rules.SmtpNotMailserverDetector;
import org.connwatch.detect.rules.SuspiciousProgramDetector;
import org.connwatch.detect.rules.UnusualPortDetector;

/** The detectors connwatch runs when nothing says otherwise, with their default settings. */
public final class DefaultDetectors {
    private DefaultDetectors() {
    }

    public static List<Detector> all() {
        return List.of(
                SuspiciousProgramDetector.defaults(),
                SmtpNotMailserverDetector.defaults(),
                HighTxDetector.defaults(),
                UnusualPortDetector.defaults(),
                LongConnectionDetector.defaults(),
                BeaconDetector.defaults());
    }
}
