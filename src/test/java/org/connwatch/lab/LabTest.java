package org.connwatch.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end on Linux network namespaces: the standard lab and its traffic, seen by connwatch
 * inside each host. Skipped, with the reason, where namespaces cannot be made (not root, no ip,
 * refused by the kernel or a sandbox).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabTest {
    private RootState before;
    private Lab lab;
    private LabScenario scenario;

    @BeforeAll
    void startLab() throws IOException {
        Lab.assumeAvailable();
        before = RootState.read();
        lab = Lab.startStandard();
        scenario = LabScenario.standard(lab);
    }

    @AfterAll
    void stopLab() {
        if (scenario != null) {
            scenario.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void teardownRemovesEverythingEvenWhenTheTestThrows() throws IOException {
        // a namespace left by a run whose JVM is gone (pid above pid_max: never alive)
        String stale = Lab.PREFIX + "999999999-1-switch";
        Lab.ip("netns", "add", stale).orThrow();
        List<String> names = new ArrayList<>();
        List<LabProcess> started = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (Lab small = Lab.start()) {
                assertThat(Lab.listNamespaces()).doesNotContain(stale);
                LabHost a = small.addHost("a", LabRole.WORKSTATION, "10.77.1.1/24");
                LabHost b = small.addHost("b", LabRole.SERVER, "10.77.1.2/24");
                names.addAll(small.namespaces());
                started.add(b.java(Sink.class, "9"));
                started.add(b.spawn("sleep", "600"));
                assertThat(a.exec("ip", "-o", "-4", "addr", "show", "dev", Lab.HOST_INTERFACE).stdout())
                        .contains("10.77.1.1/24");
                throw new IllegalStateException("a test failing inside the lab");
            }
        }).hasMessage("a test failing inside the lab");
        assertThat(names).hasSize(3);
        assertThat(Lab.listNamespaces()).doesNotContainAnyElementsOf(names);
        for (LabProcess p : started) {
            assertThat(p.isAlive()).as("%s still runs", p).isFalse();
        }
        assertThat(RootState.read().sameAs(before)).isEmpty();
    }

    @Test
    void hostsReachEachOtherOverTcpAndUdp() throws Exception {
        int port = 7;
        List<LabProcess> probes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LabProcess>> futures = new ArrayList<>();
            for (LabHost h : lab.hosts()) {
                List<String> args = new ArrayList<>(List.of("" + port));
                for (LabHost other : lab.hosts()) {
                    if (other != h) {
                        args.add("tcp:" + other.address() + ":" + port);
                        args.add("udp:" + other.address() + ":" + port);
                    }
                }
                futures.add(pool.submit(() -> h.java(Probe.class, args.toArray(String[]::new))));
            }
            for (Future<LabProcess> f : futures) {
                probes.add(f.get());
            }
        }
        try {
            for (LabProcess p : probes) {
                p.send("go");
            }
            for (LabProcess p : probes) {
                String done = p.awaitLine("done", Duration.ofSeconds(20));
                assertThat(done).as("%s: %s", p.label(), p.lines()).isEqualTo("done ok=8 fail=0");
            }
        } finally {
            probes.forEach(LabProcess::close);
        }
    }

    @Test
    void eachHostsInterfaceHasItsFixedMacAddress() throws IOException {
        for (LabHost h : lab.hosts()) {
            assertThat(h.mac()).isEqualTo(LabScenario.spec(h.name()).mac());
            assertThat(h.exec("ip", "-o", "link", "show", "dev", Lab.HOST_INTERFACE).orThrow().stdout())
                    .contains("link/ether " + h.mac() + " ");
        }
        assertThat(lab.host("printer").mac()).isEqualTo("02:77:00:00:00:10");
        assertThat(Lab.macFor("10.77.1.2")).isEqualTo("02:77:0a:4d:01:02");
    }

    @Test
    void rootNamespaceGetsNoRoutesOrInterfaces() throws IOException {
        assertThat(RootState.read().sameAs(before)).as("root namespace changes").isEmpty();
        // and the hosts have no way out: only on-link routes, no default
        for (LabHost h : lab.hosts()) {
            String routes = h.exec("ip", "-4", "route", "show").stdout();
            assertThat(routes).doesNotContain("default").doesNotContain("via");
        }
    }

    @Test
    void connwatchSeesTheWorkstationsDirectSmtp() throws IOException {
        LabScenario.Flow smtp = scenario.flow("workstation-smtp");
        JsonNode ls = lab.host("workstation").connwatchLs("--tcp");
        List<JsonNode> found = LabHost.sockets(ls, d -> d.at("/remote/ip").asText().equals("10.77.0.25")
                && d.at("/remote/port").asInt() == 25);
        assertThat(found).as("SMTP sockets in %s", ls).hasSize(1);
        JsonNode s = found.getFirst();
        assertThat(s.at("/local/ip").asText()).isEqualTo("10.77.0.20");
        assertThat(s.at("/local/port").asInt()).isEqualTo(smtp.localPort());
        assertThat(s.at("/network/state").asText()).isEqualTo("ESTABLISHED");
        assertThat(s.at("/network/direction").asText()).isEqualTo("outbound");
        assertThat(s.at("/process/pid").asLong()).isEqualTo(smtp.process().pid());
        // the mail server accepted the message
        assertThat(scenario.program("mailserver-smtp").awaitLine("message", Duration.ofSeconds(5)))
                .contains("remote=10.77.0.20:" + smtp.localPort()).contains("to=bob@example.test");
    }

    @Test
    void connwatchSeesThePrintersListenerAndHttps() throws IOException {
        LabScenario.Flow https = scenario.flow("printer-https");
        LabScenario.Flow listener = scenario.flow("printer-listener");
        JsonNode ls = lab.host("printer").connwatchLs("--tcp");
        List<JsonNode> listening = LabHost.sockets(ls, d -> d.at("/network/state").asText().equals("LISTEN")
                && d.at("/local/port").asInt() == 31337);
        assertThat(listening).as("listeners in %s", ls).hasSize(1);
        assertThat(listening.getFirst().at("/process/pid").asLong()).isEqualTo(listener.process().pid());
        List<JsonNode> tls = LabHost.sockets(ls, d -> d.at("/remote/ip").asText().equals("198.51.100.80")
                && d.at("/remote/port").asInt() == 443);
        assertThat(tls).as("HTTPS sockets in %s", ls).hasSize(1);
        assertThat(tls.getFirst().at("/local/port").asInt()).isEqualTo(https.localPort());
        assertThat(tls.getFirst().at("/network/state").asText()).isEqualTo("ESTABLISHED");
        assertThat(tls.getFirst().at("/process/pid").asLong()).isEqualTo(https.process().pid());
        assertThat(scenario.program("internet-https").awaitLine("request", Duration.ofSeconds(5)))
                .contains("sni=" + LabScenario.PRINTER_SNI);
    }

    @Test
    void connwatchSeesTheServersUploadBytes() throws Exception {
        LabScenario.Flow upload = scenario.flow("server-upload");
        JsonNode s = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            JsonNode ls = lab.host("server").connwatchLs("--tcp", "--port", "8443");
            List<JsonNode> found = LabHost.sockets(ls, d -> d.at("/local/port").asInt() == upload.localPort());
            assertThat(found).as("upload socket in %s", ls).hasSize(1);
            s = found.getFirst();
            if (s.at("/source/bytes").asLong() >= LabScenario.UPLOAD_BYTES) {
                break;
            }
            Thread.sleep(300);
        }
        assertThat(s.at("/remote/ip").asText()).isEqualTo("198.51.100.80");
        assertThat(s.at("/process/pid").asLong()).isEqualTo(upload.process().pid());
        assertThat(s.at("/source/bytes").asLong()).as("bytes sent in %s", s).isGreaterThanOrEqualTo(50L * 1024 * 1024);
        assertThat(s.at("/tcp/bytes_acked").asLong()).isGreaterThanOrEqualTo(50L * 1024 * 1024);
    }

    @Test
    void beaconConnectsAboutEveryTwoSeconds() throws IOException {
        LabProcess c2 = scenario.program("internet-c2");
        long since = System.currentTimeMillis();
        // anchor the window on a beacon's arrival: with periods of 1.4..2.6 s, 7 s then hold 3 to 5
        String first = c2.awaitLine(l -> l.startsWith("accept ") && at(l) >= since, Duration.ofSeconds(5));
        long t0 = at(first);
        sleepUntil(t0 + 7_000 + 300);
        List<Long> times = c2.lines("accept").stream()
                .map(LabTest::at)
                .filter(t -> t >= t0 && t < t0 + 7_000).toList();
        assertThat(times).as("beacon arrivals %s", c2.lines("accept")).hasSizeBetween(3, 5);
        for (String l : c2.lines("accept")) {
            assertThat(l).contains("remote=10.77.0.20:");
        }
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gaps of %s", times).isBetween(1_300L, 2_700L);
        }
    }

    private static long at(String line) {
        return Long.parseLong(LabProcess.fields(line).get("at"));
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What must not change in the root namespace: links, addresses, routes, forwarding. */
    record RootState(Set<String> links, Set<String> addresses, Set<String> routes, String forwarding) {
        static RootState read() throws IOException {
            Set<String> links = new TreeSet<>();
            for (String l : Lab.ip("-o", "link", "show").orThrow().stdout().split("\n")) {
                String[] w = l.strip().split("\\s+");
                if (w.length > 1) {
                    links.add(w[1]);
                }
            }
            Set<String> addresses = new TreeSet<>();
            for (String l : Lab.ip("-o", "addr", "show").orThrow().stdout().split("\n")) {
                String[] w = l.strip().split("\\s+");
                if (w.length > 3) {
                    addresses.add(w[1] + " " + w[3]);
                }
            }
            Set<String> routes = new TreeSet<>();
            for (String family : List.of("-4", "-6")) {
                for (String l : Lab.ip(family, "route", "show", "table", "all").orThrow().stdout().split("\n")) {
                    String r = l.replaceAll("expires \\S+", "").replaceAll("\\s+", " ").strip();
                    if (!r.isEmpty()) {
                        routes.add(family + " " + r);
                    }
                }
            }
            String forwarding = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
            return new RootState(links, addresses, routes, forwarding);
        }

        /** The differences from an earlier state, empty when the same. */
        List<String> sameAs(RootState earlier) {
            List<String> diff = new ArrayList<>();
            compare("link", earlier.links, links, diff);
            compare("address", earlier.addresses, addresses, diff);
            compare("route", earlier.routes, routes, diff);
            if (!forwarding.equals(earlier.forwarding)) {
                diff.add("ip_forward " + earlier.forwarding + " -> " + forwarding);
            }
            return diff;
        }

        private static void compare(String what, Set<String> was, Set<String> now, List<String> diff) {
            now.stream().filter(x -> !was.contains(x)).forEach(x -> diff.add("new " + what + ": " + x));
            was.stream().filter(x -> !now.contains(x)).forEach(x -> diff.add("lost " + what + ": " + x));
        }
    }
}
