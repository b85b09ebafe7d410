package org.connwatch.detect.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;

/**
 * {@code smtp-not-mailserver}: outbound SMTP (25, 465, 587) from a host or program not declared a
 * mail server. Direct delivery to port 25 is what spam bots do (high); submission on 465/587 is
 * what mail clients do, still worth knowing on a machine that should not send mail (low).
 *
 * @param mailServers  local addresses allowed to send mail
 * @param mailPrograms program names allowed to send mail (postfix's smtp, exim ...)
 * @param mailDevice   true for a connection from a device declared a mail server by other means than its
 *                     address (a captured flow's MAC address or DHCP host name)
 */
public record SmtpNotMailserverDetector(List<Cidr> mailServers, Set<String> mailPrograms,
                                        Predicate<Connection> mailDevice) implements PerConnectionDetector {
    public static final String ID = "smtp-not-mailserver";

    /** No host is a mail server until the policy says so; the usual MTA programs are. */
    public static SmtpNotMailserverDetector defaults() {
        return new SmtpNotMailserverDetector(List.of(), Set.of("smtp", "smtpd", "master", "exim4", "exim",
                "sendmail", "opensmtpd", "postfix"));
    }

    /** A detector that knows mail servers by address only. */
    public SmtpNotMailserverDetector(List<Cidr> mailServers, Set<String> mailPrograms) {
        this(mailServers, mailPrograms, c -> false);
    }

    public SmtpNotMailserverDetector {
        Objects.requireNonNull(mailDevice, "mailDevice");
        mailServers = List.copyOf(mailServers);
        mailPrograms = Set.copyOf(mailPrograms);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "outbound SMTP (25, 465, 587) from a host or program that is not a declared mail server";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        // INTERNAL: a network sensor saw both ends inside; the local end is the one that sends.
        boolean sends = c.direction() == Direction.OUTBOUND || c.direction() == Direction.INTERNAL;
        if (!sends || c.transport() != Transport.TCP || c.remote().isWildcard()) {
            return Optional.empty();
        }
        int port = c.remote().port();
        if (port != 25 && port != 465 && port != 587) {
            return Optional.empty();
        }
        if (c.enrichment().remoteClass() == AddressClass.LOOPBACK) {
            return Optional.empty(); // handing mail to the local MTA is what every program should do
        }
        if (c.process() != null && mailPrograms.contains(c.process().name())) {
            return Optional.empty();
        }
        if (mailServers.stream().anyMatch(b -> b.contains(c.local().address())) || mailDevice.test(c)) {
            return Optional.empty();
        }
        boolean direct = port == 25;
        String reason = Phrases.programOn(c, Phrases.localHost(c)) + " sends mail to " + Phrases.remote(c)
                + (direct ? " directly (SMTP port 25)" : " (mail submission port " + port + ")")
                + "; this host is not declared a mail server";
        return Optional.of(Finding.of(ID, direct ? Severity.HIGH : Severity.LOW, direct ? 75 : 20, reason, c));
    }
}
