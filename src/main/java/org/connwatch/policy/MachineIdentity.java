package org.connwatch.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * What identifies the machine whose own sockets are judged: its addresses, the MAC addresses of
 * its interfaces and its host name, any of which an inventory entry may name it by.
 *
 * @param addresses its interfaces' addresses
 * @param macs      its interfaces' hardware addresses, in any usual notation
 * @param hostName  its host name, null when unknown
 */
public record MachineIdentity(List<InetAddress> addresses, List<String> macs, String hostName) {

    /** No machine: for records of other hosts (a conn.log, a capture). */
    public static final MachineIdentity NONE = new MachineIdentity(List.of(), List.of(), null);

    public MachineIdentity {
        addresses = List.copyOf(addresses);
        macs = List.copyOf(macs);
    }
}
