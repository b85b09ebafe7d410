package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.source.Snapshot;
import org.connwatch.testing.ChildProcess;
import org.connwatch.testing.ChildTalker;
import org.connwatch.testing.TcpPair;
import org.junit.jupiter.api.Test;

/**
 * Compares the socket source with {@code ss -tanp}, the tool users know: the same TCP sockets and,
 * for each, the same process. {@code ss} runs just before and just after the snapshot; sockets
 * both runs agree on must be in the snapshot, and the snapshot may hold nothing that neither saw.
 */
class SsCrossCheckTest {
    private static final Pattern USER = Pattern.compile("pid=(\\d+)");

    /** One socket as ss prints it: state, local port, peer port, and the pids that hold it. */
    private record SsSocket(String key, Set<Long> pids) {
    }

    @Test
    void listsTheSameTcpSocketsAndProcessesAsSs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")),
                "needs ss (iproute2)");
        List<TcpPair> pairs = new ArrayList<>();
        try (ChildProcess child = childConnection(pairs);
             LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults())) {
            for (int i = 0; i < 50; i++) {
                pairs.add(TcpPair.open(i % 2 == 0 ? "127.0.0.1" : "::1", 100, 100));
            }
            Map<String, SsSocket> before = ss();
            Snapshot snap = source.snapshot();
            Map<String, SsSocket> after = ss();

            Map<String, Connection> ours = new HashMap<>();
            for (Connection c : snap.connections()) {
                if (c.transport() == Transport.TCP) {
                    ours.put(key(c.state().name(), c.local().port(), c.remote().port(), c.local().ip()), c);
                }
            }
            Set<String> stable = new TreeSet<>(before.keySet());
            stable.retainAll(after.keySet());
            Set<String> seen = new HashSet<>(before.keySet());
            seen.addAll(after.keySet());

            assertThat(stable.size()).as("the test's own sockets are all there").isGreaterThanOrEqualTo(153);
            assertThat(ours.keySet()).containsAll(stable);
            assertThat(seen).containsAll(ours.keySet());
            int withProcess = 0;
            for (String k : stable) {
                Set<Long> pids = before.get(k).pids();
                Connection c = ours.get(k);
                if (pids.isEmpty()) {
                    assertThat(c.process()).as("ss knows no process for %s", k).isNull();
                } else {
                    assertThat(c.process()).as("process of %s", k).isNotNull();
                    assertThat(pids).as("ss's pids for %s", k).contains((long) c.process().pid());
                    assertThat((long) c.process().pid()).isEqualTo(pids.stream().min(Long::compare).orElseThrow());
                    withProcess++;
                }
            }
            assertThat(withProcess).isGreaterThanOrEqualTo(153);
            assertThat(ours.values().stream().filter(c -> c.process() != null && c.process().pid() == child.pid()))
                    .hasSize(1);
        } finally {
            for (TcpPair p : pairs) {
                p.close();
            }
        }
    }

    private static ChildProcess childConnection(List<TcpPair> pairs) throws IOException {
        TcpPair target = TcpPair.open("127.0.0.1", 0, 0);
        pairs.add(target);
        return ChildProcess.start(ChildTalker.class, "127.0.0.1", Integer.toString(target.listenPort), "10");
    }

    /** ss's sockets keyed like ours; ss's state names (ESTAB, TIME-WAIT ...) mapped to the kernel's. */
    private static Map<String, SsSocket> ss() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-tanpH").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Map<String, SsSocket> sockets = new HashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            String state = switch (f[0]) {
                case "ESTAB" -> "ESTABLISHED";
                case "FIN-WAIT-1" -> "FIN_WAIT1";
                case "FIN-WAIT-2" -> "FIN_WAIT2";
                default -> f[0].replace('-', '_');
            };
            Set<Long> pids = new HashSet<>();
            Matcher m = USER.matcher(line);
            while (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
            String k = key(state, port(f[3]), port(f[4]), address(f[3]));
            sockets.put(k, new SsSocket(k, pids));
        }
        return sockets;
    }

    private static String key(String state, int localPort, int remotePort, String localIp) {
        String ip = localIp.equals("*") || localIp.equals("::") ? "0.0.0.0" : localIp;
        return state + " " + ip + " " + localPort + " " + remotePort;
    }

    private static int port(String endpoint) {
        String p = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        return p.equals("*") ? 0 : Integer.parseInt(p);
    }

    /** ss prints [::ffff:127.0.0.1] for IPv4-mapped addresses, which we report as 127.0.0.1. */
    private static String address(String endpoint) {
        String a = endpoint.substring(0, endpoint.lastIndexOf(':'));
        a = a.replace("[", "").replace("]", "");
        int scope = a.indexOf('%');
        if (scope >= 0) {
            a = a.substring(0, scope);
        }
        return a.startsWith("::ffff:") && a.indexOf('.') > 0 ? a.substring(7) : a;
    }
}
