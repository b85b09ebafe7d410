package org.connwatch.detect.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.Records.outbound;
import static org.connwatch.detect.blocklist.Lists.file;

import java.io.IOException;
import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BlocklistDetectorTest {
    private static BlocklistDetector detector;

    @BeforeAll
    static void load() throws IOException {
        detector = BlocklistDetector.of(Blocklists.load(List.of(file("firehol_level1.netset"), file("drop.txt"),
                file("domains.txt"), file("hosts.txt"))));
    }

    private static Connection withDomain(Connection c, String domain) {
        return c.withEnrichment(c.enrichment().withRemoteDomain(domain));
    }

    @Test
    void remoteAddressOnAListIsHigh() {
        Finding f = detector.inspect(outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, "curl"))
                .orElseThrow();
        assertThat(f.detector()).isEqualTo("blocklist");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.reason()).isEqualTo("curl (pid 4242) connects to 203.0.113.9:443 over tcp, which is on the "
                + "block list firehol_level1.netset (203.0.113.0/24)");
    }

    @Test
    void dropMatchNamesTheSblReference() {
        Finding f = detector.inspect(outbound(Transport.UDP, "[2001:db8:1::53]:53", AddressClass.PUBLIC, null))
                .orElseThrow();
        assertThat(f.reason()).isEqualTo("an unknown program connects to [2001:db8:1::53]:53 over udp, which is on "
                + "the block list drop.txt (2001:db8:1::/48, SBL555555)");
    }

    @Test
    void remoteDomainOnAListIsHigh() {
        Connection c = withDomain(outbound(Transport.TCP, "198.51.100.44:443", AddressClass.PUBLIC, "curl"),
                "cdn.evil.test");
        Finding f = detector.inspect(c).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.reason()).isEqualTo("curl (pid 4242) connects to cdn.evil.test 198.51.100.44:443 over tcp, "
                + "whose domain is on the block list domains.txt (evil.test)");
    }

    @Test
    void addressAndDomainBothListedIsCritical() {
        Connection c = withDomain(outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, "curl"),
                "ads.example.com.");
        Finding f = detector.inspect(c).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.score()).isGreaterThan(detector.inspect(outbound(Transport.TCP, "203.0.113.9:443",
                AddressClass.PUBLIC, "curl")).orElseThrow().score());
        assertThat(f.reason()).isEqualTo("curl (pid 4242) connects to ads.example.com. 203.0.113.9:443 over tcp, "
                + "whose address is on the block list firehol_level1.netset (203.0.113.0/24) and whose domain is on "
                + "the block list hosts.txt (ads.example.com)");
    }

    @Test
    void inboundFromAListedAddress() {
        Connection c = outbound(Transport.TCP, "192.0.2.200:51000", AddressClass.PUBLIC, "sshd")
                .withDirection(Direction.INBOUND);
        assertThat(detector.inspect(c).orElseThrow().reason()).isEqualTo("sshd (pid 4242) has a connection from "
                + "192.0.2.200:51000 over tcp, which is on the block list drop.txt (192.0.2.0/24, SBL256894)");
    }

    @Test
    void nearMissesAreNotFlagged() {
        // Just outside listed blocks, and a name that only ends like a listed one.
        assertThat(detector.inspect(outbound(Transport.TCP, "198.51.100.32:443", AddressClass.PUBLIC, "curl")))
                .isEmpty();
        assertThat(detector.inspect(outbound(Transport.TCP, "198.51.100.15:443", AddressClass.PUBLIC, "curl")))
                .isEmpty();
        assertThat(detector.inspect(withDomain(outbound(Transport.TCP, "198.51.100.44:443", AddressClass.PUBLIC,
                "curl"), "notevil.test"))).isEmpty();
        // A hosts-file name blocks only itself.
        assertThat(detector.inspect(withDomain(outbound(Transport.TCP, "198.51.100.44:443", AddressClass.PUBLIC,
                "curl"), "www.ads.example.com"))).isEmpty();
    }

    @Test
    void listenersLoopbackAndUnspecifiedRemotesAreNeverFlagged() {
        Connection listed = outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, "nginx");
        assertThat(detector.inspect(listed.withDirection(Direction.LISTENING))).isEmpty();
        // Loopback with a listed name: hosts-file sinks resolve blocked names to 127.0.0.1 and 0.0.0.0.
        assertThat(detector.inspect(withDomain(outbound(Transport.TCP, "127.0.0.1:443", AddressClass.LOOPBACK,
                "curl"), "ads.example.com"))).isEmpty();
        assertThat(detector.inspect(withDomain(outbound(Transport.TCP, "0.0.0.0:443", null, "curl"),
                "evil.test"))).isEmpty();
        assertThat(detector.inspect(withDomain(outbound(Transport.TCP, "[::1]:443", null, "curl"),
                "evil.test"))).isEmpty();
    }

    @Test
    void privateRemotesAreJudgedByDomainUnlessAsked() {
        // firehol_level1 lists 10.0.0.0/8 as a bogon: a LAN peer is not flagged for it.
        Connection lan = outbound(Transport.TCP, "10.1.2.3:445", AddressClass.PRIVATE, "smbclient");
        assertThat(detector.inspect(lan)).isEmpty();
        Connection unclassified = outbound(Transport.TCP, "10.1.2.3:445", null, "smbclient");
        assertThat(detector.inspect(unclassified)).isEmpty();
        assertThat(detector.inspect(withDomain(lan, "nas.evil.test")).orElseThrow().reason())
                .endsWith("whose domain is on the block list domains.txt (evil.test)");
        BlocklistDetector strict = new BlocklistDetector(detector.lists(), true);
        assertThat(strict.inspect(lan).orElseThrow().reason()).endsWith("firehol_level1.netset (10.0.0.0/8)");
    }

    @Test
    void detectsOverABatch() {
        List<Finding> found = detector.detect(List.of(
                outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, "curl"),
                outbound(Transport.TCP, "198.51.100.200:443", AddressClass.PUBLIC, "curl"),
                outbound(Transport.TCP, "198.51.100.77:443", AddressClass.PUBLIC, "wget")));
        assertThat(found).extracting(f -> f.connections().getFirst().remote().ip())
                .containsExactly("203.0.113.9", "198.51.100.77");
        assertThat(BlocklistDetector.of(Blocklists.EMPTY).detect(List.of(
                outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, "curl")))).isEmpty();
    }
}
