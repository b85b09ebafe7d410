package org.connwatch.source.zeek;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * Turns the conn.log values of one line, whichever format they came in, into a {@link Connection}.
 *
 * <table>
 *   <caption>conn.log to Connection</caption>
 *   <tr><th>conn.log</th><th>Connection</th></tr>
 *   <tr><td>ts</td><td>firstSeen</td></tr>
 *   <tr><td>ts + duration (duration unset: ts)</td><td>lastSeen</td></tr>
 *   <tr><td>proto tcp, udp, icmp (icmp between IPv6 addresses: ICMPV6); anything else skipped</td>
 *       <td>transport</td></tr>
 *   <tr><td>local_orig T, local_resp F</td><td>OUTBOUND, local = originator</td></tr>
 *   <tr><td>local_orig F, local_resp T</td><td>INBOUND, local = responder, remote = originator</td></tr>
 *   <tr><td>both T</td><td>INTERNAL, local = originator</td></tr>
 *   <tr><td>both F</td><td>EXTERNAL, local = originator</td></tr>
 *   <tr><td>either unset</td><td>UNKNOWN, local = originator</td></tr>
 *   <tr><td>orig_bytes, resp_bytes, orig_pkts, resp_pkts</td><td>traffic, counted from the local end
 *       (payload bytes; unset: -1)</td></tr>
 *   <tr><td>conn_state</td><td>state, see {@link ZeekConnState}</td></tr>
 *   <tr><td>service (the first of a comma list)</td><td>enrichment.serviceName</td></tr>
 *   <tr><td>id.orig_p, id.resp_p (for ICMP, Zeek puts the type and code there)</td><td>ports</td></tr>
 * </table>
 *
 * The uid, history, missed_bytes, the IP-level byte counts and tunnel_parents have no place in
 * the record and are dropped.
 */
final class ConnMapper {
    private static final int MAX_ADDRESS_CHARS = 47; // 45 for the longest IPv6 text, plus brackets
    private static final int MAX_SERVICE_CHARS = 64;

    private ConnMapper() {
    }

    /** @param v the values indexed by {@link ConnColumn#ordinal()}, already unescaped; null when unset */
    static LineResult map(String[] v) throws MalformedFieldException {
        String path = v[ConnColumn.PATH.ordinal()];
        if (path != null && !path.equals("conn")) {
            return new LineResult.Skipped(ReadReport.SKIP_NOT_CONN_LINES);
        }
        for (ConnColumn c : ConnColumn.values()) {
            if (c.required() && v[c.ordinal()] == null) {
                throw new MalformedFieldException(c.zeekName() + " is unset");
            }
        }
        Instant ts = ZeekValues.time(v[ConnColumn.TS.ordinal()], ConnColumn.TS);
        InetAddress origH = address(v, ConnColumn.ORIG_H);
        int origP = ZeekValues.port(v[ConnColumn.ORIG_P.ordinal()], ConnColumn.ORIG_P);
        InetAddress respH = address(v, ConnColumn.RESP_H);
        int respP = ZeekValues.port(v[ConnColumn.RESP_P.ordinal()], ConnColumn.RESP_P);
        if ((origH instanceof Inet6Address) != (respH instanceof Inet6Address)) {
            throw new MalformedFieldException("id.orig_h and id.resp_h are of different address families");
        }
        Transport transport = switch (v[ConnColumn.PROTO.ordinal()].toLowerCase(Locale.ROOT)) {
            case "tcp" -> Transport.TCP;
            case "udp" -> Transport.UDP;
            case "icmp" -> origH instanceof Inet6Address ? Transport.ICMPV6 : Transport.ICMP;
            default -> null;
        };
        if (transport == null) {
            return new LineResult.Skipped(ReadReport.SKIP_UNSUPPORTED_PROTO);
        }
        String durationText = v[ConnColumn.DURATION.ordinal()];
        Duration duration = durationText == null ? Duration.ZERO : ZeekValues.interval(durationText, ConnColumn.DURATION);
        long origBytes = count(v, ConnColumn.ORIG_BYTES);
        long respBytes = count(v, ConnColumn.RESP_BYTES);
        long origPkts = count(v, ConnColumn.ORIG_PKTS);
        long respPkts = count(v, ConnColumn.RESP_PKTS);
        Boolean localOrig = bool(v, ConnColumn.LOCAL_ORIG);
        Boolean localResp = bool(v, ConnColumn.LOCAL_RESP);

        Direction direction = direction(localOrig, localResp);
        boolean localIsOriginator = direction != Direction.INBOUND;
        Endpoint orig = new Endpoint(origH, origP);
        Endpoint resp = new Endpoint(respH, respP);
        Traffic fromOrig = new Traffic(origBytes, respBytes, origPkts, respPkts);
        ConnectionState state = ZeekConnState.of(v[ConnColumn.CONN_STATE.ordinal()], transport, localIsOriginator,
                origPkts, respPkts, origBytes, respBytes);
        return new LineResult.Parsed(new Connection(ObserverType.ZEEK, transport, state,
                localIsOriginator ? orig : resp, localIsOriginator ? resp : orig, direction,
                localIsOriginator ? fromOrig : fromOrig.reversed(), ts, ts.plus(duration), null, null,
                Enrichment.NONE.withServiceName(service(v[ConnColumn.SERVICE.ordinal()]))));
    }

    private static Direction direction(Boolean localOrig, Boolean localResp) {
        if (localOrig == null || localResp == null) {
            return Direction.UNKNOWN;
        }
        if (localOrig) {
            return localResp ? Direction.INTERNAL : Direction.OUTBOUND;
        }
        return localResp ? Direction.INBOUND : Direction.EXTERNAL;
    }

    private static InetAddress address(String[] v, ConnColumn column) throws MalformedFieldException {
        String text = v[column.ordinal()];
        if (text.length() > MAX_ADDRESS_CHARS) {
            throw ZeekValues.bad(column, text, "is not an IP address");
        }
        try {
            return IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            throw ZeekValues.bad(column, text, "is not an IP address");
        }
    }

    private static long count(String[] v, ConnColumn column) throws MalformedFieldException {
        String text = v[column.ordinal()];
        return text == null ? -1 : ZeekValues.count(text, column);
    }

    private static Boolean bool(String[] v, ConnColumn column) throws MalformedFieldException {
        String text = v[column.ordinal()];
        return text == null ? null : ZeekValues.bool(text, column);
    }

    /** The first name of a list such as {@code ssl,http}; null when there is none. */
    private static String service(String text) {
        if (text == null) {
            return null;
        }
        int comma = text.indexOf(',');
        String first = (comma < 0 ? text : text.substring(0, comma)).strip();
        if (first.isEmpty()) {
            return null;
        }
        return first.length() > MAX_SERVICE_CHARS ? first.substring(0, MAX_SERVICE_CHARS) : first;
    }
}
