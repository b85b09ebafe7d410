package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.present.Conns.listener;
import static org.connwatch.present.Conns.process;
import static org.connwatch.present.Conns.tcp;
import static org.connwatch.present.Conns.withTraffic;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class TableViewTest {
    private static final List<Column> ALL = Column.socketColumns();
    private static final String ESC = "\u001b";

    /** The four connections of table-golden.txt. */
    private static List<Connection> golden() {
        Connection sshListener = withTraffic(listener("0.0.0.0:22"), 0, 0)
                .withProcess(process(812, "sshd", "/usr/sbin/sshd", "root"))
                .withEnrichment(Enrichment.NONE.withServiceName("ssh"));
        Connection https = withTraffic(tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "192.168.1.10:51514",
                "93.184.215.14:443"), 1536, 1181116006)
                .withProcess(process(4242, "firefox", "/usr/lib/firefox/firefox", "alice"))
                .withEnrichment(new Enrichment("https", AddressClass.PUBLIC, "example.com"));
        Connection sshIn = withTraffic(tcp(ConnectionState.ESTABLISHED, Direction.INBOUND, "192.168.1.10:22",
                "192.168.1.20:60122"), 250000, 42)
                .withProcess(process(1301, "sshd", "/usr/sbin/sshd", "root"))
                .withEnrichment(new Enrichment("ssh", AddressClass.PRIVATE, null));
        Connection dns = Conns.conn(Transport.UDP, ConnectionState.ESTABLISHED, Direction.OUTBOUND,
                "[2001:db8::5]:40000", "[2001:db8::53]:53")
                .withEnrichment(new Enrichment("domain", AddressClass.RESERVED, null));
        return List.of(sshListener, https, sshIn, dns);
    }

    private static String render(List<Connection> connections, boolean colour) throws IOException {
        StringWriter out = new StringWriter();
        new TableView(ALL, colour).write(connections, out);
        return out.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TableViewTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String stripAnsi(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    @Test
    void matchesTheHandWrittenGoldenTable() throws IOException {
        assertThat(render(golden(), false)).isEqualTo(resource("table-golden.txt"));
    }

    @Test
    void noLineEndsInASpace() throws IOException {
        for (String line : render(golden(), false).split("\n")) {
            assertThat(line).doesNotEndWith(" ");
        }
    }

    @Test
    void anEmptyListIsJustTheHeader() throws IOException {
        assertThat(render(List.of(), false)).isEqualTo("PROTO  STATE  LOCAL  REMOTE  SERVICE  DIR  PROCESS  USER  RX  TX\n");
    }

    @Test
    void aChosenSubsetOfColumnsInTheChosenOrder() throws IOException {
        StringWriter out = new StringWriter();
        new TableView(List.of(Column.TX, Column.PROCESS), false).write(golden().subList(1, 3), out);

        assertThat(out.toString()).isEqualTo("""
                     TX  PROCESS
                1.5 KiB  4242/firefox
                244 KiB  1301/sshd
                """);
    }

    @Test
    void aHostileProcessNameCannotBreakTheTable() throws IOException {
        ProcessInfo evil = new ProcessInfo(666, 1, "x\u001b[2J\nroot\r\u202e", "/tmp/x", true, "", 0, "root", null,
                null);
        Connection c = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:40000", "10.0.0.9:80")
                .withProcess(evil);

        String table = render(List.of(c), false);

        assertThat(table).doesNotContain(ESC).doesNotContain("\r").doesNotContain("\u202e");
        assertThat(List.of(table.split("\n", -1))).hasSize(3).last().isEqualTo(""); // header, one row, final newline
        assertThat(table).contains("666/x\\x1b[2J\\x0aroot\\x0d\\u202e (deleted)");
    }

    @Test
    void anAbsurdlyLongCellIsCut() throws IOException {
        String name = "a".repeat(500);
        Connection c = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:40000", "10.0.0.9:80")
                .withProcess(process(7, name, null, "bob"));

        String row = render(List.of(c), false).split("\n")[1];

        // "7/" and 58 a's make the 60 characters a cell may have
        assertThat(row).contains("  7/" + "a".repeat(58) + "...  bob").doesNotContain("a".repeat(59));
    }

    @Test
    void colourOffHasNoEscapeCodes() throws IOException {
        assertThat(render(golden(), false)).doesNotContain(ESC);
    }

    @Test
    void colourOnAddsCodesAroundTheSameText() throws IOException {
        String coloured = render(golden(), true);

        assertThat(coloured).startsWith(ESC + "[1mPROTO" + ESC + "[0m  ");
        assertThat(coloured).contains(ESC + "[32mESTABLISHED" + ESC + "[0m"); // green
        assertThat(coloured).contains(ESC + "[36mLISTEN" + ESC + "[0m"); // cyan
        assertThat(coloured).contains(ESC + "[33mexample.com (93.184.215.14:443)" + ESC + "[0m"); // public: yellow
        assertThat(coloured).doesNotContain(ESC + "[33m192.168.1.20"); // private: plain
        assertThat(coloured).contains(ESC + "[2m-" + ESC + "[0m"); // no process: dim
        // take the codes away and the plain table is left, alignment and all
        assertThat(stripAnsi(coloured)).isEqualTo(render(golden(), false));
    }

    @Test
    void colourOnStillEscapesTheCellText() throws IOException {
        Connection c = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:40000", "10.0.0.9:80")
                .withProcess(process(9, "\u001b[31mfake", null, "bob"));

        String coloured = render(List.of(c), true);

        // the only escapes are our own, well-formed colour codes
        assertThat(stripAnsi(coloured)).doesNotContain(ESC).contains("9/\\x1b[31mfake");
        assertThat(Arrays.stream(coloured.split(ESC)).skip(1))
                .allSatisfy(piece -> assertThat(piece).matches("(?s)\\[(0|1|2|32|33|36)m.*"));
    }
}
