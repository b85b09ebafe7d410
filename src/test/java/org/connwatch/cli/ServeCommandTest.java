package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.HistoryStore;
import org.connwatch.store.StoreSettings;
import org.connwatch.store.TrackedConnection;
import org.connwatch.testing.MemoryHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesAPollTooShortAndAnAddressThatIsNotHostColonPort() {
        Cli fast = Cli.run("serve", "--poll", "10ms", "--state-dir", dir.toString());
        assertThat(fast.exitCode()).isEqualTo(Main.USAGE);
        assertThat(fast.err()).contains("--poll must be at least 100 ms");

        Cli noPort = Cli.run("serve", "--listen", "localhost", "--state-dir", dir.toString());
        assertThat(noPort.exitCode()).isEqualTo(Main.USAGE);
        assertThat(noPort.err()).contains("is not HOST:PORT");

        Cli badPort = Cli.run("serve", "--listen", "127.0.0.1:70000", "--state-dir", dir.toString());
        assertThat(badPort.exitCode()).isEqualTo(Main.USAGE);
        assertThat(badPort.err()).contains("the port must be 1..65535");

        Cli bareV6 = Cli.run("serve", "--listen", "::1:7878", "--state-dir", dir.toString());
        assertThat(bareV6.exitCode()).isEqualTo(Main.USAGE);
        assertThat(bareV6.err()).contains("in brackets");
    }

    @Test
    void theListenAddressDefaultsToLoopback7878() {
        ServeCommand serve = new ServeCommand(null);
        new CommandLine(serve).parseArgs();
        assertThat(serve.listen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(serve.listen().getPort()).isEqualTo(7878);
        new CommandLine(serve).parseArgs("--listen", "[::1]:8080");
        assertThat(serve.listen().getPort()).isEqualTo(8080);
    }

    @Test
    void watchesKeepsTheConnectionsInTheHistoryAndPrintsEachFindingAsItIsRaised() throws Exception {
        MemoryHistory history = new MemoryHistory();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            Path policy = dir.resolve("policy.yaml");
            Files.writeString(policy, """
                    version: 1
                    rules:
                      - id: tell-me
                        action: alert
                        match:
                          network.direction: outbound
                          destination.port: %d
                        reason: the test asked to be told
                    """.formatted(server.getLocalPort()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new ServeCommand((stateDir, retention) -> history));
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int code = cli.execute("--duration", "2500ms", "--state-dir", dir.resolve("state").toString(),
                    "--policy", policy.toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(err.toString()).contains("serve: watching sockets via netlink sock_diag, every 1000 ms")
                    .contains("no learned baseline in").contains("serve: stopped after");
            assertThat(out.toString().lines().filter(l -> l.contains("FINDING"))).singleElement()
                    .satisfies(l -> assertThat(l).contains("MEDIUM [policy]").contains("the test asked to be told")
                            .contains(":" + server.getLocalPort()));
            TrackedConnection tracked = history.allConnections().stream()
                    .filter(t -> t.connection().local().port() == client.getLocalPort()
                            && t.connection().remote().port() == server.getLocalPort()).findFirst().orElseThrow();
            assertThat(tracked.open()).isTrue();
            assertThat(history.allFindings()).singleElement().satisfies((FindingState f) -> {
                assertThat(f.latest().detector()).isEqualTo("policy");
                assertThat(f.connectionIds()).containsExactly(tracked.id());
            });
        }
    }

    @Test
    void keepsItsHistoryInTheStateDirectoryAndContinuesItsIdsAfterARestart() throws Exception {
        Path state = dir.resolve("state");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            StringWriter err = new StringWriter();
            CommandLine first = new CommandLine(new ServeCommand());
            first.setErr(new PrintWriter(err));
            first.setOut(new PrintWriter(new StringWriter()));
            assertThat(first.execute("--duration", "1500ms", "--state-dir", state.toString())).as(err.toString())
                    .isZero();
            long firstId;
            try (HistoryStore h = HistoryStore.open(state, StoreSettings.DEFAULTS)) {
                firstId = h.lastConnectionId();
                assertThat(h.connections(new ConnectionQuery(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1),
                        null, null, null, null, false, 100_000))).anySatisfy(t -> {
                            assertThat(t.connection().local().port()).isEqualTo(client.getLocalPort());
                            assertThat(t.connection().remote().port()).isEqualTo(server.getLocalPort());
                        });
            }
            assertThat(firstId).isPositive();
            CommandLine second = new CommandLine(new ServeCommand());
            second.setErr(new PrintWriter(err));
            second.setOut(new PrintWriter(new StringWriter()));
            accepted.close(); // the second run sees it close
            assertThat(second.execute("--duration", "1500ms", "--state-dir", state.toString())).as(err.toString())
                    .isZero();
            try (HistoryStore h = HistoryStore.open(state, StoreSettings.DEFAULTS)) {
                assertThat(h.lastConnectionId()).isGreaterThan(firstId);
            }
        }
    }

    @Test
    void withAlertsOnStdoutItCarriesTheJsonLinesOnly() throws Exception {
        MemoryHistory history = new MemoryHistory();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            Path policy = dir.resolve("policy.yaml");
            Files.writeString(policy, """
                    version: 1
                    rules:
                      - id: tell-me
                        action: alert
                        match:
                          network.direction: outbound
                          destination.port: %d
                    """.formatted(server.getLocalPort()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new ServeCommand((stateDir, retention) -> history));
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            assertThat(cli.execute("--duration", "2500ms", "--state-dir", dir.resolve("state").toString(),
                    "--policy", policy.toString(), "--alert", "stdout")).as(err.toString()).isZero();
            assertThat(out.toString().lines().toList()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{"))
                    .anySatisfy(l -> assertThat(l).contains("\"policy\"").contains(":" + server.getLocalPort()));
        }
    }
}
