package org.connwatch.source.zeek;

import static org.assertj.core.api.Assertions.assertThat;

import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping of one conn.log line to a Connection: directions, ends, traffic, states. */
class ConnMapperTest {
    private static final String ORIG = "\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":40000";
    private static final String RESP = "\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":443";
    private static final String COUNTS = "\"orig_bytes\":100,\"resp_bytes\":2000,\"orig_pkts\":3,\"resp_pkts\":4";

    @ParameterizedTest(name = "local_orig={0} local_resp={1} -> {2}")
    @CsvSource({
            "true,  false, OUTBOUND, true",
            "false, true,  INBOUND,  false",
            "true,  true,  INTERNAL, true",
            "false, false, EXTERNAL, true",
            ",      ,      UNKNOWN,  true",
            "true,  ,      UNKNOWN,  true",
            ",      true,  UNKNOWN,  true"})
    void directionAndEnds(Boolean localOrig, Boolean localResp, Direction direction, boolean localIsOriginator) {
        String flags = (localOrig == null ? "" : ",\"local_orig\":" + localOrig)
                + (localResp == null ? "" : ",\"local_resp\":" + localResp);
        Connection c = parse("{\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"tcp\"," + COUNTS + flags + "}");

        assertThat(c.direction()).isEqualTo(direction);
        Endpoint orig = Endpoint.of("10.0.0.1", 40000);
        Endpoint resp = Endpoint.of("10.0.0.2", 443);
        assertThat(c.local()).isEqualTo(localIsOriginator ? orig : resp);
        assertThat(c.remote()).isEqualTo(localIsOriginator ? resp : orig);
        Traffic fromOrig = new Traffic(100, 2000, 3, 4);
        assertThat(c.traffic()).isEqualTo(localIsOriginator ? fromOrig : fromOrig.reversed());
        // Whichever end is local, the ECS source is the originator.
        assertThat(c.source()).contains(orig);
        assertThat(c.destination()).isEqualTo(resp);
        assertThat(c.sourceTraffic()).isEqualTo(fromOrig);
    }

    @ParameterizedTest(name = "tcp {0} (local is originator: {1}) -> {2}")
    @CsvSource({
            "S0,     true,  SYN_SENT",
            "S1,     true,  ESTABLISHED",
            "OTH,    true,  ESTABLISHED",
            "SF,     true,  CLOSE",
            "REJ,    true,  CLOSE",
            "RSTO,   true,  CLOSE",
            "RSTR,   true,  CLOSE",
            "RSTOS0, true,  CLOSE",
            "RSTRH,  true,  CLOSE",
            "SH,     true,  CLOSE",
            "SHR,    true,  CLOSE",
            "S2,     true,  FIN_WAIT1",
            "S2,     false, CLOSE_WAIT",
            "S3,     true,  CLOSE_WAIT",
            "S3,     false, FIN_WAIT1",
            "XYZ,    true,  ESTABLISHED"})
    void tcpStates(String connState, boolean localIsOriginator, ConnectionState expected) {
        String flags = localIsOriginator ? "" : ",\"local_orig\":false,\"local_resp\":true";
        Connection c = parse("{\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"tcp\",\"conn_state\":\"" + connState
                + "\"," + COUNTS + flags + "}");

        assertThat(c.state()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "udp  | \"orig_pkts\":1,\"resp_pkts\":1                      | ESTABLISHED",
            "udp  | \"orig_pkts\":1,\"resp_pkts\":0,\"conn_state\":\"SF\" | UNCONN",
            "udp  | \"conn_state\":\"SF\"                                | ESTABLISHED",
            "udp  | \"conn_state\":\"S0\"                                | UNCONN",
            "udp  | \"orig_bytes\":10,\"resp_bytes\":20                   | ESTABLISHED",
            "icmp | \"orig_pkts\":1,\"resp_pkts\":1                      | ESTABLISHED",
            "icmp | \"orig_pkts\":3                                     | UNCONN",
            "tcp  | \"orig_pkts\":0,\"resp_pkts\":1                      | SYN_SENT",
            "tcp  | \"orig_bytes\":1,\"resp_bytes\":1                     | ESTABLISHED"})
    void statesFromWhoSent(String proto, String counts, ConnectionState expected) {
        Connection c = parse("{\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"" + proto + "\"," + counts + "}");

        assertThat(c.state()).isEqualTo(expected);
    }

    @Test
    void icmpOverIpv6IsIcmpv6() {
        Connection v6 = parse("{\"ts\":1,\"id.orig_h\":\"fe80::1\",\"id.orig_p\":135,\"id.resp_h\":\"ff02::1:ff00:2\","
                + "\"id.resp_p\":136,\"proto\":\"icmp\"}");
        Connection v4 = parse("{\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"icmp\"}");

        assertThat(v6.transport()).isEqualTo(Transport.ICMPV6);
        assertThat(v6.local()).isEqualTo(Endpoint.of("fe80::1", 135));
        assertThat(v4.transport()).isEqualTo(Transport.ICMP);
    }

    @Test
    void nestedIdObjectsAsShippersWriteThem() {
        Connection c = parse("{\"ts\":1,\"id\":{\"orig_h\":\"10.0.0.1\",\"orig_p\":40000,\"resp_h\":\"10.0.0.2\","
                + "\"resp_p\":443},\"proto\":\"TCP\",\"tunnel_parents\":[\"Cabc\",{\"x\":[1]}]}");

        assertThat(c.local()).isEqualTo(Endpoint.of("10.0.0.1", 40000));
        assertThat(c.transport()).isEqualTo(Transport.TCP);
    }

    @Test
    void serviceIsTheFirstOfAList() {
        assertThat(parse("{\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"tcp\",\"service\":\"ssl,http\"}")
                .enrichment().serviceName()).isEqualTo("ssl");
        assertThat(parse("{\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"tcp\",\"service\":\"\"}")
                .enrichment().serviceName()).isNull();
        assertThat(parse("{\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"tcp\",\"service\":\",\"}")
                .enrichment().serviceName()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1,2]                                         | a data line before any #fields header",
            "{1:2}                                         | not JSON",
            "{\"ts\":1                                     | not JSON",
            "{\"ts\":1} {}                                 | text after the JSON object",
            "{\"ts\":NaN}                                  | not JSON",
            "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}      | nested deeper than 4",
            "{\"ts\":1}                                    | id.orig_h is unset",
            "{\"ts\":-5,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":2,\"proto\":\"tcp\"} | ts '-5' is negative",
            "{\"ts\":1,\"id.orig_h\":\"example.com\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":2,\"proto\":\"tcp\"} | id.orig_h 'example.com' is not an IP address",
            "{\"ts\":1,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1.5,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":2,\"proto\":\"tcp\"} | id.orig_p '1.5' is not a port",
            "{\"ts\":1,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":2,\"proto\":\"tcp\",\"duration\":1e999} | duration '1e999' is not a number of seconds"})
    void badJsonIsMalformed(String line, String reason) {
        LineResult r = new ZeekLineParser().parse(line);

        assertThat(r).isInstanceOf(LineResult.Malformed.class);
        assertThat(((LineResult.Malformed) r).reason()).contains(reason);
    }

    @Test
    void aJsonPathOtherThanConnIsSkipped() {
        LineResult r = new ZeekLineParser().parse("{\"_path\":\"dns\",\"ts\":1," + ORIG + "," + RESP + ",\"proto\":\"udp\"}");

        assertThat(r).isEqualTo(new LineResult.Skipped(ReadReport.SKIP_NOT_CONN_LINES));
    }

    private static Connection parse(String jsonLine) {
        LineResult r = new ZeekLineParser().parse(jsonLine);
        assertThat(r).as(jsonLine).isInstanceOf(LineResult.Parsed.class);
        return ((LineResult.Parsed) r).connection();
    }
}
