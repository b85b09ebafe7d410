package org.connwatch.source.capture.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parsers on real third-party traffic (the shared captures of nDPI and Stratosphere Slips):
 * every UDP and TCP payload of a capture, as tshark extracts it, goes through the parsers it could
 * be for, and what they find must be what tshark's dissectors find in the same frame. Payloads are
 * taken frame by frame, without TCP reassembly, as the flow tracker sees them. Skipped when the
 * shared captures or tshark are not there.
 */
class AppRealCaptureTest {
    private static final Path CAPTURES = sharedCaptures();
    private static final List<String> FIELDS = fields();

    private static List<String> fields() {
        List<String> f = new ArrayList<>(List.of("udp.srcport", "udp.dstport", "udp.payload", "tcp.srcport",
                "tcp.dstport", "tcp.payload", "tls.handshake.extensions_server_name", "http.request", "http.host"));
        f.addAll(DnsDescription.FIELDS);
        f.addAll(DhcpDescription.FIELDS);
        return f;
    }

    /** How many frames each parser was compared on, and where it disagreed with tshark. */
    private static final class Tally {
        final Map<String, Integer> compared = new TreeMap<>();
        final Map<String, Integer> found = new TreeMap<>();
        final List<String> mismatches = new ArrayList<>();

        void check(String parser, int frame, Object ours, Object theirs) {
            compared.merge(parser, 1, Integer::sum);
            if (ours != null && !ours.toString().startsWith("not ")) {
                found.merge(parser, 1, Integer::sum);
            }
            if (!String.valueOf(ours).equals(String.valueOf(theirs))) {
                mismatches.add(parser + " frame " + frame + ": ours " + ours + ", tshark " + theirs);
            }
        }
    }

    /** Each capture, and in how many frames each parser found something (all of them agreeing with tshark). */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "1kxun.pcap; {dhcp=24, dns=18, http=290, tls=4}",
        "semi-periodic-beacon.pcap; {dns=495, tls=22}",
        "dns_exfiltration.pcap; {dns=300}",
        "http_ipv6.pcap; {tls=6}",
        "selfsigned.pcap; {tls=1}",
        "tls_port_80.pcapng; {}",
        "smtp-starttls.pcap; {tls=1}",
        "smtp.pcap; {}"})
    void theParsersFindWhatTsharkFinds(String name, String found) throws Exception {
        Path capture = CAPTURES.resolve(name);
        assumeTrue(Files.isRegularFile(capture), "skipped: " + capture.toAbsolutePath().normalize()
                + " is not there (the shared third-party captures are optional)");
        assumeTrue(Tshark.available(), "skipped: tshark is not installed (apt-get install tshark)");

        Tally tally = new Tally();
        Tshark.fields(capture, FIELDS).forEach((frame, row) -> compare(frame, row, tally));
        System.out.printf("%s: compared %s, found %s, mismatches %d%n", name, tally.compared, tally.found,
                tally.mismatches.size());
        assertThat(tally.mismatches).isEmpty();
        assertThat(tally.found).hasToString(found);
    }

    private static void compare(int frame, Map<String, String> row, Tally tally) {
        boolean udp = !row.get("udp.srcport").isEmpty();
        boolean tcp = !row.get("tcp.srcport").isEmpty();
        String hex = udp ? row.get("udp.payload") : row.get("tcp.payload");
        if (!(udp || tcp) || hex.isEmpty()) {
            return;
        }
        byte[] payload = HexFormat.of().parseHex(hex.replace(":", ""));
        int src = Integer.parseInt(udp ? row.get("udp.srcport") : row.get("tcp.srcport"));
        int dst = Integer.parseInt(udp ? row.get("udp.dstport") : row.get("tcp.dstport"));
        if (udp && (port(src, dst, 53) || port(src, dst, 5353))) {
            tally.check("dns", frame, DnsDescription.of(DnsParser.parse(payload, 0, payload.length)),
                    DnsDescription.ofTshark(row));
        }
        if (tcp && port(src, dst, 53)) {
            tally.check("dns-tcp", frame, DnsDescription.of(DnsParser.parseTcp(payload, 0, payload.length)),
                    DnsDescription.ofTshark(row));
        }
        if (udp && (port(src, dst, 67) || port(src, dst, 68))) {
            tally.check("dhcp", frame, DhcpDescription.of(DhcpParser.parse(payload, 0, payload.length)),
                    DhcpDescription.ofTshark(row));
        }
        if (tcp) {
            String sni = row.get("tls.handshake.extensions_server_name");
            tally.check("tls", frame, TlsClientHello.serverName(payload, 0, payload.length),
                    sni.isEmpty() ? null : sni.toLowerCase(Locale.ROOT));
        }
        List<String> hosts = Tshark.values(row, "http.host");
        tally.check("http", frame, HttpRequestHost.host(payload, 0, payload.length),
                hosts.isEmpty() ? null : HttpRequestHostTest.withoutPort(hosts.getFirst()));
    }

    /**
     * The folder {@code shared/captures} next to the repository (or next to a folder that holds the
     * repository, as git worktrees are placed); {@code ../shared/captures} when there is none.
     */
    private static Path sharedCaptures() {
        for (Path dir = Path.of("").toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/captures"))) {
                return dir.resolve("shared/captures");
            }
        }
        return Path.of("../shared/captures");
    }

    private static boolean port(int src, int dst, int port) {
        return src == port || dst == port;
    }
}
