package org.connwatch.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.connwatch.detect.beacon.BeaconAnalyzer;
import org.connwatch.detect.beacon.BeaconDetector;
import org.connwatch.detect.beacon.BeaconSettings;
import org.connwatch.detect.rules.HighTxDetector;
import org.connwatch.detect.rules.LongConnectionDetector;
import org.connwatch.detect.rules.SmtpNotMailserverDetector;
import org.connwatch.detect.rules.SuspiciousProgramDetector;
import org.connwatch.detect.rules.UnusualPortDetector;
import org.connwatch.detect.peak.PeakSettings;
import org.connwatch.detect.peak.TrafficPeakDetector;
import org.connwatch.records.Cidr;

/**
 * What the policy says about each detector: whether it runs, and its parameters. Every value not set
 * in the policy is the detector's default.
 */
public record DetectorSettings(UnusualPort unusualPort, HighTx highTx, LongConnection longConnection,
                               SmtpNotMailserver smtpNotMailserver, SuspiciousProgram suspiciousProgram,
                               Beacon beacon, Blocklist blocklist, TrafficPeak trafficPeak, List<Plain> plain) {

    /** The detectors that have no settings but on and off. */
    public static final List<String> PLAIN_IDS = List.of("role-violation", "unexpected-inbound", "new-destination",
            "new-listener", "unknown-program", "changed-executable");

    public DetectorSettings {
        Objects.requireNonNull(unusualPort, "unusualPort");
        Objects.requireNonNull(highTx, "highTx");
        Objects.requireNonNull(longConnection, "longConnection");
        Objects.requireNonNull(smtpNotMailserver, "smtpNotMailserver");
        Objects.requireNonNull(suspiciousProgram, "suspiciousProgram");
        Objects.requireNonNull(beacon, "beacon");
        Objects.requireNonNull(blocklist, "blocklist");
        Objects.requireNonNull(trafficPeak, "trafficPeak");
        plain = List.copyOf(plain);
    }

    /** Whether a detector runs: its own toggle's answer, true for a detector these settings do not know. */
    public boolean enabled(String id) {
        return all().stream().filter(t -> t.id().equals(id)).findFirst().map(Toggle::enabled).orElse(true);
    }

    /** Every detector on, with its default parameters. */
    public static DetectorSettings defaults() {
        return new DetectorSettings(UnusualPort.defaults(), HighTx.defaults(), LongConnection.defaults(),
                SmtpNotMailserver.defaults(), SuspiciousProgram.defaults(), Beacon.defaults(), Blocklist.defaults(),
                TrafficPeak.defaults(), PLAIN_IDS.stream().map(id -> new Plain(id, true)).toList());
    }

    /** The settings of each detector, by detector id, in a stable order. */
    public List<Toggle> all() {
        List<Toggle> all = new java.util.ArrayList<>(List.of(unusualPort, highTx, longConnection, smtpNotMailserver,
                suspiciousProgram, beacon, blocklist, trafficPeak));
        all.addAll(plain);
        return List.copyOf(all);
    }

    /** What every detector's settings have: its id and whether it runs. */
    public sealed interface Toggle {
        /** The detector id ({@code unusual-port} ...), the key in the policy file. */
        String id();

        boolean enabled();
    }

    /** {@code unusual-port}: the destination ports that are usual for outbound TCP and UDP. */
    public record UnusualPort(boolean enabled, Set<Integer> usualTcp, Set<Integer> usualUdp) implements Toggle {
        public UnusualPort {
            usualTcp = Set.copyOf(usualTcp);
            usualUdp = Set.copyOf(usualUdp);
        }

        static UnusualPort defaults() {
            UnusualPortDetector d = UnusualPortDetector.defaults();
            return new UnusualPort(true, d.usualTcp(), d.usualUdp());
        }

        @Override
        public String id() {
            return UnusualPortDetector.ID;
        }

        /** The detector with these settings. */
        public UnusualPortDetector detector() {
            return new UnusualPortDetector(usualTcp, usualUdp);
        }
    }

    /** {@code high-tx}: bytes sent at which a connection is flagged, and the lopsided-upload rule. */
    public record HighTx(boolean enabled, long sentBytes, long ratioMinBytes, double ratio) implements Toggle {
        static HighTx defaults() {
            HighTxDetector d = HighTxDetector.defaults();
            return new HighTx(true, d.sentBytes(), d.ratioMinBytes(), d.ratio());
        }

        @Override
        public String id() {
            return HighTxDetector.ID;
        }

        /** The detector with these settings. */
        public HighTxDetector detector() {
            return new HighTxDetector(sentBytes, ratioMinBytes, ratio);
        }
    }

    /** {@code long-connection}: how long a connection may stay open before it is flagged. */
    public record LongConnection(boolean enabled, Duration threshold) implements Toggle {
        public LongConnection {
            Objects.requireNonNull(threshold, "threshold");
        }

        static LongConnection defaults() {
            return new LongConnection(true, LongConnectionDetector.defaults().threshold());
        }

        @Override
        public String id() {
            return LongConnectionDetector.ID;
        }

        /** The detector with these settings. */
        public LongConnectionDetector detector() {
            return new LongConnectionDetector(threshold);
        }
    }

    /** {@code smtp-not-mailserver}: the programs allowed to send mail (the hosts come from the inventory). */
    public record SmtpNotMailserver(boolean enabled, Set<String> mailPrograms) implements Toggle {
        public SmtpNotMailserver {
            mailPrograms = Set.copyOf(mailPrograms);
        }

        static SmtpNotMailserver defaults() {
            return new SmtpNotMailserver(true, SmtpNotMailserverDetector.defaults().mailPrograms());
        }

        @Override
        public String id() {
            return SmtpNotMailserverDetector.ID;
        }

        /** The detector with these settings and the policy's mail servers (see {@link PolicyEvaluator#mailServers()}). */
        public SmtpNotMailserverDetector detector(PolicyEvaluator policy) {
            return new SmtpNotMailserverDetector(policy.mailServers(), mailPrograms, policy::isMailServerDevice);
        }
    }

    /** {@code suspicious-program}: the world-writable folders whose programs are suspect. */
    public record SuspiciousProgram(boolean enabled, List<String> writablePlaces) implements Toggle {
        public SuspiciousProgram {
            writablePlaces = List.copyOf(writablePlaces);
        }

        static SuspiciousProgram defaults() {
            return new SuspiciousProgram(true, SuspiciousProgramDetector.defaults().writablePlaces());
        }

        @Override
        public String id() {
            return SuspiciousProgramDetector.ID;
        }

        /** The detector with these settings. */
        public SuspiciousProgramDetector detector() {
            return new SuspiciousProgramDetector(writablePlaces);
        }
    }

    /** {@code beacon}: the analyser's tuning. */
    public record Beacon(boolean enabled, BeaconSettings settings) implements Toggle {
        public Beacon {
            Objects.requireNonNull(settings, "settings");
        }

        static Beacon defaults() {
            return new Beacon(true, BeaconSettings.defaults());
        }

        @Override
        public String id() {
            return BeaconDetector.ID;
        }

        /** The detector with these settings. */
        public BeaconDetector detector() {
            return new BeaconDetector(new BeaconAnalyzer(settings));
        }
    }

    /** {@code blocklist}: block-list files to load (relative names are resolved against the policy's folder). */
    public record Blocklist(boolean enabled, List<Path> files) implements Toggle {
        public Blocklist {
            files = List.copyOf(files);
        }

        static Blocklist defaults() {
            return new Blocklist(true, List.of());
        }

        @Override
        public String id() {
            return "blocklist";
        }
    }

    /** {@code traffic-peak}: how far above the usual volume an hour must go, and the least volume of a peak. */
    public record TrafficPeak(boolean enabled, double factor, long minBytesPerHour) implements Toggle {
        static TrafficPeak defaults() {
            PeakSettings d = PeakSettings.defaults();
            return new TrafficPeak(true, d.factor(), d.minBytesPerHour());
        }

        @Override
        public String id() {
            return TrafficPeakDetector.ID;
        }

        /** The detector's settings: these two, the rest at their defaults. */
        public PeakSettings settings() {
            PeakSettings d = PeakSettings.defaults();
            return new PeakSettings(factor, d.madFactor(), minBytesPerHour, d.minComparable(), d.minHistoryHours(),
                    d.maxConnections(), d.zone());
        }
    }

    /** A detector with nothing to set but whether it runs ({@link #PLAIN_IDS}). */
    public record Plain(String id, boolean enabled) implements Toggle {
    }
}
