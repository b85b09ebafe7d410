package org.connwatch.detect.blocklist;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.enrich.AddressClassifier;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/**
 * {@code blocklist}: a connection whose remote address or remote domain is on a block list. High;
 * critical when both are. Listeners and loopback or unspecified remotes are never flagged.
 *
 * <p>Lists such as {@code firehol_level1} hold the private and other special-purpose ranges
 * (bogons), meant for filtering spoofed traffic at the network edge: matched against a machine's
 * own connections, every LAN peer would be flagged. So unless {@code judgePrivateRemotes} is set,
 * a private, link-local or CGNAT remote is judged by its domain only.
 *
 * @param lists               the loaded lists
 * @param judgePrivateRemotes also match private, link-local and CGNAT remote addresses
 */
public record BlocklistDetector(Blocklists lists, boolean judgePrivateRemotes) implements PerConnectionDetector {
    public static final String ID = "blocklist";

    private static final AddressClassifier CLASSIFIER = new AddressClassifier();

    public BlocklistDetector {
        Objects.requireNonNull(lists, "lists");
    }

    /** Matches public (and reserved) remote addresses, and every remote domain. */
    public static BlocklistDetector of(Blocklists lists) {
        return new BlocklistDetector(lists, false);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "connections whose remote address or domain is on a block list (IP/CIDR lists, hosts files, "
                + "Spamhaus DROP, FireHOL netsets, domain lists)";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if (c.direction() == Direction.LISTENING || c.remote().isWildcard()) {
            return Optional.empty();
        }
        InetAddress remote = c.remote().address();
        AddressClass cls = c.enrichment().remoteClass() != null ? c.enrichment().remoteClass()
                : CLASSIFIER.classify(remote);
        if (remote.isLoopbackAddress() || remote.isAnyLocalAddress() || cls == AddressClass.LOOPBACK
                || cls == AddressClass.UNSPECIFIED) {
            return Optional.empty();
        }
        boolean local = cls == AddressClass.PRIVATE || cls == AddressClass.LINK_LOCAL || cls == AddressClass.CGNAT;
        Optional<BlocklistMatch> byAddress = local && !judgePrivateRemotes ? Optional.empty() : lists.match(remote);
        String domain = c.enrichment().remoteDomain();
        Optional<BlocklistMatch> byDomain = domain == null ? Optional.empty() : lists.match(domain);
        if (byAddress.isEmpty() && byDomain.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder reason = new StringBuilder(Phrases.program(c))
                .append(c.direction() == Direction.INBOUND ? " has a connection from " : " connects to ")
                .append(Phrases.remote(c));
        byAddress.ifPresent(m -> reason.append(domain == null ? ", which is on the block list "
                : ", whose address is on the block list ").append(m.describe()));
        byDomain.ifPresent(m -> reason.append(byAddress.isPresent() ? " and whose domain is on the block list "
                : ", whose domain is on the block list ").append(m.describe()));
        boolean both = byAddress.isPresent() && byDomain.isPresent();
        return Optional.of(Finding.of(ID, both ? Severity.CRITICAL : Severity.HIGH, both ? 95 : 85,
                reason.toString(), c));
    }
}
