package org.connwatch.detect.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The analyzer on real third-party traffic (Stratosphere Slips test data): a host requesting the same HTTPS
 * site every 2 to 3.8 s. Skipped when the shared captures or tshark are not there.
 */
class BeaconRealCaptureTest {
    private static final Path CAPTURE = Path.of("../shared/captures/semi-periodic-beacon.pcap");

    /** One TCP connection: when the client sent its SYN, to where, and how many bytes the stream carried. */
    private record Conn(long startMillis, String destination, long bytes) {}

    @Test
    void theSemiPeriodicHttpsBeaconIsFlagged() throws Exception {
        assumeTrue(Files.isRegularFile(CAPTURE), "skipped: " + CAPTURE.toAbsolutePath().normalize()
                + " is not there (the shared third-party captures are optional)");
        assumeTrue(tsharkWorks(), "skipped: tshark is not installed (apt-get install tshark)");

        List<Conn> conns = connections(CAPTURE);
        Map<String, List<Conn>> byDestination = new LinkedHashMap<>();
        for (Conn c : conns) {
            byDestination.computeIfAbsent(c.destination(), k -> new ArrayList<>()).add(c);
        }
        List<Conn> busiest = byDestination.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        busiest.sort(Comparator.comparingLong(Conn::startMillis));
        long[] times = busiest.stream().mapToLong(Conn::startMillis).toArray();
        long[] bytes = busiest.stream().mapToLong(Conn::bytes).toArray();

        BeaconScore score = new BeaconAnalyzer().analyze(times, bytes);
        BeaconScore timingOnly = new BeaconAnalyzer().analyze(times, null);
        System.out.printf("beacon real capture %s -> %s%n  score %.3f (timing %.3f: skew %.3f, dispersion %.3f,"
                        + " coverage %.3f; sizes %.3f: skew %.3f, dispersion %.3f); timing only %.3f%n",
                busiest.get(0).destination(), score.reason(), score.score(), score.timingScore(),
                score.intervalSkew(), score.intervalDispersion(), score.coverage(), score.sizeScore(),
                score.sizeSkew(), score.sizeDispersion(), timingOnly.score());

        assertThat(busiest.get(0).destination()).isEqualTo("141.193.213.20:443");
        assertThat(score.connections()).isBetween(20, 24);
        assertThat(score.medianIntervalMillis()).isBetween(2_300L, 3_800L);
        assertThat(score.minIntervalMillis()).isGreaterThanOrEqualTo(2_000L);
        assertThat(score.maxIntervalMillis()).isLessThanOrEqualTo(4_000L);
        assertThat(score.beacon()).as(score.reason()).isTrue();
        assertThat(timingOnly.beacon()).as(timingOnly.reason()).isTrue();
        assertThat(score.sizesKnown()).isTrue();
        assertThat(score.reason()).contains("about every").contains("nearly equal sizes");
    }

    private static boolean tsharkWorks() {
        try {
            Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Client SYN time, destination and total frame bytes of every TCP stream, read with tshark. */
    private static List<Conn> connections(Path capture) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-r", capture.toString(), "-Y", "tcp", "-T", "fields",
                "-e", "tcp.stream", "-e", "frame.time_epoch", "-e", "tcp.flags.syn", "-e", "tcp.flags.ack",
                "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport", "-e", "frame.len")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tshark exit status").isZero();

        Map<String, Long> bytesPerStream = new HashMap<>();
        Map<String, Conn> synPerStream = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 8 || f[0].isBlank()) {
                continue;
            }
            String stream = f[0];
            bytesPerStream.merge(stream, Long.parseLong(f[7].trim()), Long::sum);
            if (flag(f[2]) && !flag(f[3]) && !synPerStream.containsKey(stream)) {
                long millis = Math.round(Double.parseDouble(f[1]) * 1000);
                String host = f[4].isBlank() ? "[" + f[5] + "]" : f[4];
                synPerStream.put(stream, new Conn(millis, host + ":" + f[6], 0));
            }
        }
        List<Conn> conns = new ArrayList<>();
        synPerStream.forEach((stream, c) ->
                conns.add(new Conn(c.startMillis(), c.destination(), bytesPerStream.getOrDefault(stream, -1L))));
        return conns;
    }

    /** tshark prints flags as 1/0 or, in newer versions, True/False. */
    private static boolean flag(String value) {
        String v = value.trim();
        return v.equals("1") || v.equalsIgnoreCase("true");
    }
}
