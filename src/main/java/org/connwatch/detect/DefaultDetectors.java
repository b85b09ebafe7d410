package org.connwatch.detect;

import java.util.List;
import org.connwatch.detect.beacon.BeaconDetector;
import org.connwatch.detect.blocklist.BlocklistDetector;
import org.connwatch.detect.blocklist.Blocklists;
import org.connwatch.detect.peak.TrafficPeakDetector;
import org.connwatch.detect.rules.HighTxDetector;
import org.connwatch.detect.rules.LongConnectionDetector;
import org.connwatch.detect.rules.SmtpNotMailserverDetector;
import org.connwatch.detect.rules.SuspiciousProgramDetector;
import org.connwatch.detect.rules.UnusualPortDetector;

/** The detectors connwatch runs when nothing says otherwise, with their default settings. */
public final class DefaultDetectors {
    private DefaultDetectors() {
    }

    /** Every default detector; the block-list detector only with {@link #with(Blocklists)}. */
    public static List<Detector> all() {
        return List.of(
                SuspiciousProgramDetector.defaults(),
                SmtpNotMailserverDetector.defaults(),
                HighTxDetector.defaults(),
                UnusualPortDetector.defaults(),
                LongConnectionDetector.defaults(),
                BeaconDetector.defaults(),
                TrafficPeakDetector.defaults());
    }

    /** The defaults plus the block-list detector over these lists (none when they are empty). */
    public static List<Detector> with(Blocklists lists) {
        if (lists.isEmpty()) {
            return all();
        }
        List<Detector> out = new java.util.ArrayList<>(all());
        out.add(1, BlocklistDetector.of(lists));
        return List.copyOf(out);
    }
}
