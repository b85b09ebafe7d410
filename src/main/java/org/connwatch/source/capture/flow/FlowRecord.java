package org.connwatch.source.capture.flow;

import java.net.InetAddress;
import java.time.Instant;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.FlowDetails;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * Makes the {@link Connection} record of a flow in a {@link FlowTable}.
 *
 * <table>
 *   <caption>Direction and ends, as for Zeek's conn.log ({@code local_orig}, {@code local_resp})</caption>
 *   <tr><th>initiator</th><th>responder</th><th>direction</th><th>local end</th></tr>
 *   <tr><td>local</td><td>not local</td><td>OUTBOUND</td><td>initiator</td></tr>
 *   <tr><td>not local</td><td>local</td><td>INBOUND</td><td>responder</td></tr>
 *   <tr><td>local</td><td>local</td><td>INTERNAL</td><td>initiator</td></tr>
 *   <tr><td>not local</td><td>not local</td><td>EXTERNAL</td><td>initiator</td></tr>
 * </table>
 * Traffic is counted from the local end: frame bytes (the packet's length on the wire) and
 * packets; the payload bytes are in {@link FlowDetails}, from the local end too. The state is as
 * {@link TcpStatus} says; {@code enrichment.remoteDomain} is the name the client used
 * ({@link FlowDetails#domain()}), when one was seen.
 */
final class FlowRecord {
    private FlowRecord() {
    }

    static Connection connection(FlowTable t, int f, LocalNetworks local, DeviceTable devices,
                                 AddressCache addresses) {
        int protocol = FlowTable.protocol(t.kind[f]);
        Transport transport = switch (protocol) {
            case 6 -> Transport.TCP;
            case 17 -> Transport.UDP;
            case 58 -> Transport.ICMPV6;
            default -> Transport.ICMP;
        };
        boolean aLocal = local.contains(t.aHi[f], t.aLo[f]);
        boolean bLocal = local.contains(t.bHi[f], t.bLo[f]);
        Direction direction = aLocal ? (bLocal ? Direction.INTERNAL : Direction.OUTBOUND)
                : (bLocal ? Direction.INBOUND : Direction.EXTERNAL);
        boolean localIsA = direction != Direction.INBOUND;
        InetAddress a = addresses.address(t.aHi[f], t.aLo[f]);
        InetAddress b = addresses.address(t.bHi[f], t.bLo[f]);
        Endpoint endA = new Endpoint(a, t.ports[f] >>> 16);
        Endpoint endB = new Endpoint(b, t.ports[f] & 0xFFFF);
        Traffic fromA = new Traffic(t.bytesAB[f], t.bytesBA[f], t.packetsAB[f], t.packetsBA[f]);
        int status = t.status[f];
        ConnectionState state = transport == Transport.TCP ? TcpStatus.tcpState(status)
                : t.packetsAB[f] > 0 && t.packetsBA[f] > 0 ? ConnectionState.ESTABLISHED : ConnectionState.UNCONN;
        Device deviceA = devices.device(t.aHi[f], t.aLo[f]);
        Device deviceB = devices.device(t.bHi[f], t.bLo[f]);
        FlowExtras x = t.extras[f];
        FlowDetails details = new FlowDetails(localIsA ? deviceA : deviceB, localIsA ? deviceB : deviceA,
                x == null ? null : x.dnsName, x == null ? null : x.tlsServerName, x == null ? null : x.httpHost,
                transport == Transport.TCP ? TcpStatus.flagLetters(status) : null,
                localIsA ? t.payloadAB[f] : t.payloadBA[f], localIsA ? t.payloadBA[f] : t.payloadAB[f]);
        String domain = details.domain();
        return new Connection(ObserverType.CAPTURE, transport, state, localIsA ? endA : endB, localIsA ? endB : endA,
                direction, localIsA ? fromA : fromA.reversed(), instant(t.first[f]), instant(t.last[f]), null, null,
                domain == null ? Enrichment.NONE : Enrichment.NONE.withRemoteDomain(domain), details);
    }

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
