package org.connwatch.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The detection issue's traffic, running in a {@link Lab}: planted suspicious flows next to benign
 * background traffic, each described by a {@link Flow} so detection tests can check that every
 * planted one is caught and no benign one is reported.
 *
 * <pre>
 *  host         role         address        planted                                      benign
 *  printer      PRINTER      10.77.0.10     HTTPS to updates.example.test:443
 *                                           listener on 31337 (Sink), which the
 *                                           internet host connects to once (Knock)
 *  workstation  WORKSTATION  10.77.0.20     SMTP direct to mail.corp.example.test:25     HTTPS to intranet.example.test:443
 *                                           beacon: HTTP GET to cdn-check.example.test:80  DNS queries to 10.77.0.30:53 every 1 s
 *                                           every 2 s ±30%
 *  mailserver   MAIL_SERVER  10.77.0.25                                                   SMTP to mx.example.test:25; listens on 25
 *  server       SERVER       10.77.0.30     50 MiB HTTP PUT to backup.example.test:8443   listens on 443, DNS on 53/udp
 *  internet     INTERNET     198.51.100.80  (the far end: HTTPS 443, SMTP 25, sinks on 80 and 8443)
 * </pre>
 *
 * <p>What a network sensor on the bridge uses is there too. Each host has a fixed MAC address
 * ({@code 02:77:00:00:00:} and its address's last number written as two digits: the printer's is
 * {@code 02:77:00:00:00:10}). The LAN hosts announce themselves in DHCP first ({@link DhcpAnnounce},
 * names in {@link #STANDARD_HOSTS}); the internet host, which stands for everything behind the
 * router, does not. The server runs the lab's DNS server ({@link DnsServer}, the table of
 * {@link #dnsNames}), and every client looks its server's name up there before it connects, so
 * flows can be named from DNS answers, TLS server names and HTTP Host headers. The server's own
 * lookup (for its upload) goes over its loopback and never reaches the bridge: that flow is named
 * by its HTTP Host.
 *
 * Closing the scenario stops its programs (the lab stops them on close anyway).
 */
public final class LabScenario implements AutoCloseable {
    /** Name, role and address of the standard hosts, in the order they are added. */
    public static final List<HostSpec> STANDARD_HOSTS = List.of(
            new HostSpec("printer", LabRole.PRINTER, "10.77.0.10/24", "02:77:00:00:00:10",
                    new DhcpIdentity("HP-LaserJet-M404", "Hewlett-Packard JetDirect", "request")),
            new HostSpec("workstation", LabRole.WORKSTATION, "10.77.0.20/24", "02:77:00:00:00:20",
                    new DhcpIdentity("ws-anna", "MSFT 5.0", "inform")),
            new HostSpec("mailserver", LabRole.MAIL_SERVER, "10.77.0.25/24", "02:77:00:00:00:25",
                    new DhcpIdentity("mail-01", "dhcpcd-9.4.1:Linux-6.1.0-28-amd64:x86_64:GenuineIntel", "request")),
            new HostSpec("server", LabRole.SERVER, "10.77.0.30/24", "02:77:00:00:00:30",
                    new DhcpIdentity("srv-01", "udhcp 1.36.1", "request")),
            new HostSpec("internet", LabRole.INTERNET, "198.51.100.80/24", "02:77:00:00:00:80", null));

    /** Ports of the standard scenario. */
    public static final int HTTPS = 443;
    public static final int SMTP = 25;
    public static final int DNS = 53;
    public static final int BEACON_PORT = 80;
    public static final int UPLOAD_PORT = 8443;
    public static final int UNEXPECTED_PORT = 31337;
    /** The upload's size: 50 MiB. */
    public static final long UPLOAD_BYTES = 50L * 1024 * 1024;
    /**
     * The upload's speed, 10 MiB/s (a 100 Mbit/s uplink's): unthrottled, a veth moves it at memory
     * speed in 64 KiB frames, while a dozen JVMs start on the same cores, faster than a capture
     * on the bridge keeps up with; the frames it drops then are handshakes and names it needed.
     */
    public static final long UPLOAD_BYTES_PER_SECOND = 10L * 1024 * 1024;
    public static final long BEACON_EVERY_MS = 2000;
    public static final int BEACON_JITTER_PERCENT = 30;
    /** The names the clients look up (the SNI names they send, for the HTTPS ones). */
    public static final String PRINTER_SNI = "updates.example.test";
    public static final String INTRANET_SNI = "intranet.example.test";
    /** The beacon's server, also the Host of its HTTP requests. */
    public static final String BEACON_NAME = "cdn-check.example.test";
    /** The upload's server, also the Host of its HTTP PUT. */
    public static final String UPLOAD_NAME = "backup.example.test";
    /** The internet mail server the mail server relays to. */
    public static final String RELAY_NAME = "mx.example.test";
    /** The organisation's mail server, which the workstation's SMTP client talks to directly. */
    public static final String MAIL_NAME = "mail.corp.example.test";

    /**
     * A host of the standard lab.
     *
     * @param mac  its interface's MAC address
     * @param dhcp how it announces itself in DHCP; null for a host that does not
     */
    public record HostSpec(String name, LabRole role, String cidr, String mac, DhcpIdentity dhcp) {
        /** The address without the prefix length. */
        public String address() {
            return cidr.substring(0, cidr.indexOf('/'));
        }
    }

    /**
     * What a host says about itself in DHCP.
     *
     * @param hostName    option 12
     * @param vendorClass option 60
     * @param messageType {@code request} or {@code inform}
     */
    public record DhcpIdentity(String hostName, String vendorClass, String messageType) {
    }

    /** What a flow is. */
    public enum Kind {
        /** Planted: an appliance (the printer) talking HTTPS to the internet. */
        APPLIANCE_EXTERNAL_HTTPS,
        /** Planted: SMTP sent directly by a host that is not a mail server. */
        DIRECT_SMTP,
        /** Planted: short connections at a regular period with jitter. */
        BEACON,
        /** Planted: a large upload to the internet. */
        LARGE_UPLOAD,
        /** Planted: a listener on an unexpected port. */
        UNEXPECTED_LISTENER,
        /** Planted: a connection from the internet to that listener. */
        UNEXPECTED_INBOUND,
        /** Benign: a workstation using an internal HTTPS server. */
        INTERNAL_HTTPS,
        /** Benign: name lookups to the internal DNS server. */
        INTERNAL_DNS,
        /** Benign: the mail server relaying mail to the internet. */
        MAIL_RELAY,
        /** Benign: a server listening on its service port. */
        SERVICE_LISTENER,
        /** Benign: a host announcing its name in DHCP. */
        DHCP_ANNOUNCEMENT
    }

    /**
     * One flow of the scenario.
     *
     * @param id          a stable name ({@code printer-https})
     * @param planted     true for the suspicious flows a detector must report
     * @param kind        what it is
     * @param host        the host whose socket it is (the client's, or the listener's; for an
     *                    inbound connection, the server's)
     * @param transport   {@code tcp} or {@code udp}
     * @param localPort   the local port of the socket; for a beacon the last connection's, which changes
     * @param remoteIp    the remote address; null for a listener
     * @param remotePort  the remote port; 0 for a listener
     * @param description a sentence for messages
     * @param process     the program behind the socket (its pid is the socket's process)
     */
    public record Flow(String id, boolean planted, Kind kind, LabHost host, String transport, int localPort,
                       String remoteIp, int remotePort, String description, LabProcess process) {
        public boolean isListener() {
            return remoteIp == null;
        }

        @Override
        public String toString() {
            return (planted ? "planted " : "benign ") + id + ": " + description;
        }
    }

    private final Lab lab;
    private final Map<String, LabProcess> programs;
    private final List<Flow> flows;

    private LabScenario(Lab lab, Map<String, LabProcess> programs, List<Flow> flows) {
        this.lab = lab;
        this.programs = Collections.unmodifiableMap(programs);
        this.flows = List.copyOf(flows);
    }

    /** Adds the hosts of {@link #STANDARD_HOSTS} that the lab lacks. */
    public static void addStandardHosts(Lab lab) throws IOException {
        for (HostSpec h : STANDARD_HOSTS) {
            if (!lab.hasHost(h.name())) {
                lab.addHost(h.name(), h.role(), h.cidr(), h.mac());
            }
        }
    }

    /** The standard host of that name. */
    public static HostSpec spec(String name) {
        return STANDARD_HOSTS.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no standard host " + name));
    }

    /**
     * The table of the lab's DNS server: each name the clients look up, with the address of the
     * standard host that serves it (in the order of the scenario's flows).
     */
    public static Map<String, String> dnsNames(Lab lab) {
        String internet = lab.host("internet").address();
        Map<String, String> names = new LinkedHashMap<>();
        names.put(PRINTER_SNI, internet);
        names.put(MAIL_NAME, lab.host("mailserver").address());
        names.put(BEACON_NAME, internet);
        names.put(UPLOAD_NAME, internet);
        names.put(INTRANET_SNI, lab.host("server").address());
        names.put(RELAY_NAME, internet);
        return Collections.unmodifiableMap(names);
    }

    /**
     * Starts the standard scenario (adding the standard hosts the lab lacks): servers first, then
     * clients, all in parallel; returns once every program is ready and the upload is complete.
     */
    public static LabScenario standard(Lab lab) throws IOException {
        addStandardHosts(lab);
        LabHost printer = lab.host("printer");
        LabHost workstation = lab.host("workstation");
        LabHost mailserver = lab.host("mailserver");
        LabHost server = lab.host("server");
        LabHost internet = lab.host("internet");
        String net = internet.address();
        String dns = server.address();

        Map<String, LabProcess> p = Collections.synchronizedMap(new LinkedHashMap<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Callable<LabProcess>> announcements = new LinkedHashMap<>();
            for (HostSpec h : STANDARD_HOSTS) {
                if (h.dhcp() != null) {
                    announcements.put(h.name() + "-dhcp", () -> announce(lab.host(h.name()), h.dhcp()));
                }
            }
            runAll(pool, announcements, p);

            List<String> dnsServer = new ArrayList<>(List.of("--port", "" + DNS));
            dnsNames(lab).forEach((name, address) -> dnsServer.add(name + "=" + address));
            Map<String, Callable<LabProcess>> servers = new LinkedHashMap<>();
            servers.put("internet-https", () -> internet.java(TlsServer.class, "--port", "" + HTTPS, "--name", PRINTER_SNI));
            servers.put("internet-smtp", () -> internet.java(SmtpServer.class, "--port", "" + SMTP, "--name", RELAY_NAME));
            servers.put("internet-c2", () -> internet.java(Sink.class, "" + BEACON_PORT));
            servers.put("internet-upload-sink", () -> internet.java(Sink.class, "" + UPLOAD_PORT));
            servers.put("server-https", () -> server.java(TlsServer.class, "--port", "" + HTTPS, "--name", INTRANET_SNI));
            servers.put("server-dns", () -> server.java(DnsServer.class, dnsServer.toArray(String[]::new)));
            servers.put("mailserver-smtp", () -> mailserver.java(SmtpServer.class, "--port", "" + SMTP, "--name", MAIL_NAME));
            servers.put("printer-listener", () -> printer.java(Sink.class, "" + UNEXPECTED_PORT));
            runAll(pool, servers, p);

            Map<String, Callable<LabProcess>> clients = new LinkedHashMap<>();
            clients.put("printer-https", () -> printer.java(TlsClient.class, PRINTER_SNI, "" + HTTPS, PRINTER_SNI,
                    "--dns", dns, "--path", "/firmware/check", "--hold", "--every", "5000"));
            clients.put("workstation-smtp", () -> workstation.java(SmtpClient.class, MAIL_NAME, "" + SMTP,
                    "--dns", dns, "--from", "alice@corp.example.test", "--to", "bob@example.test", "--hold"));
            clients.put("workstation-beacon", () -> workstation.java(Beacon.class, BEACON_NAME, "" + BEACON_PORT,
                    "--dns", dns, "--every", "" + BEACON_EVERY_MS, "--jitter", "" + BEACON_JITTER_PERCENT));
            clients.put("server-upload", () -> server.java(Upload.class, UPLOAD_NAME, "" + UPLOAD_PORT,
                    "--dns", dns, "--http", "--bytes", "" + UPLOAD_BYTES, "--rate", "" + UPLOAD_BYTES_PER_SECOND));
            clients.put("internet-knock", () -> internet.java(Knock.class, printer.address(), "" + UNEXPECTED_PORT,
                    "--text", "USER admin"));
            clients.put("workstation-https", () -> workstation.java(TlsClient.class, INTRANET_SNI, "" + HTTPS,
                    INTRANET_SNI, "--dns", dns, "--path", "/index.html", "--hold"));
            clients.put("workstation-dns", () -> workstation.java(DnsClient.class, dns, "--name", INTRANET_SNI,
                    "--every", "1000"));
            clients.put("mailserver-smtp-relay", () -> mailserver.java(SmtpClient.class, RELAY_NAME, "" + SMTP,
                    "--dns", dns, "--from", "carol@corp.example.test", "--to", "dave@example.test",
                    "--helo", MAIL_NAME, "--hold"));
            runAll(pool, clients, p);
        } catch (IOException | RuntimeException e) {
            p.values().forEach(LabProcess::close);
            throw e;
        }
        try {
            p.get("server-upload").awaitLine("sent", Duration.ofSeconds(30));
            String knock = p.get("internet-knock").field("local");
            p.get("printer-listener").awaitLine(l -> l.startsWith("closed remote=" + knock + " "), Duration.ofSeconds(10));
        } catch (IOException e) {
            p.values().forEach(LabProcess::close);
            throw e;
        }

        List<Flow> flows = new ArrayList<>();
        flows.add(new Flow("printer-https", true, Kind.APPLIANCE_EXTERNAL_HTTPS, printer, "tcp",
                p.get("printer-https").portOf("local"), net, HTTPS,
                "the printer holds an HTTPS connection (SNI " + PRINTER_SNI + ") to the internet host", p.get("printer-https")));
        flows.add(new Flow("printer-listener", true, Kind.UNEXPECTED_LISTENER, printer, "tcp", UNEXPECTED_PORT,
                null, 0, "the printer listens on TCP " + UNEXPECTED_PORT, p.get("printer-listener")));
        flows.add(new Flow("internet-knock", true, Kind.UNEXPECTED_INBOUND, printer, "tcp", UNEXPECTED_PORT,
                net, p.get("internet-knock").portOf("local"),
                "the internet host connected to the printer's TCP " + UNEXPECTED_PORT + ", sent a line and closed",
                p.get("printer-listener")));
        flows.add(new Flow("workstation-smtp", true, Kind.DIRECT_SMTP, workstation, "tcp",
                p.get("workstation-smtp").portOf("local"), mailserver.address(), SMTP,
                "the workstation speaks SMTP itself, straight to port 25", p.get("workstation-smtp")));
        flows.add(new Flow("workstation-beacon", true, Kind.BEACON, workstation, "tcp", 0, net, BEACON_PORT,
                "the workstation connects to the internet host every " + BEACON_EVERY_MS + " ms ±"
                        + BEACON_JITTER_PERCENT + "%", p.get("workstation-beacon")));
        flows.add(new Flow("server-upload", true, Kind.LARGE_UPLOAD, server, "tcp",
                p.get("server-upload").portOf("local"), net, UPLOAD_PORT,
                "the server uploaded " + UPLOAD_BYTES + " bytes to the internet host and stays connected",
                p.get("server-upload")));
        flows.add(new Flow("workstation-https", false, Kind.INTERNAL_HTTPS, workstation, "tcp",
                p.get("workstation-https").portOf("local"), server.address(), HTTPS,
                "the workstation holds an HTTPS connection to the internal server", p.get("workstation-https")));
        flows.add(new Flow("workstation-dns", false, Kind.INTERNAL_DNS, workstation, "udp",
                p.get("workstation-dns").portOf("local"), server.address(), DNS,
                "the workstation sends DNS queries to the internal server every second", p.get("workstation-dns")));
        flows.add(new Flow("mailserver-smtp-relay", false, Kind.MAIL_RELAY, mailserver, "tcp",
                p.get("mailserver-smtp-relay").portOf("local"), net, SMTP,
                "the mail server delivers mail to an internet mail server", p.get("mailserver-smtp-relay")));
        flows.add(new Flow("mailserver-smtp", false, Kind.SERVICE_LISTENER, mailserver, "tcp", SMTP, null, 0,
                "the mail server listens on SMTP", p.get("mailserver-smtp")));
        flows.add(new Flow("server-https", false, Kind.SERVICE_LISTENER, server, "tcp", HTTPS, null, 0,
                "the server listens on HTTPS", p.get("server-https")));
        flows.add(new Flow("server-dns", false, Kind.SERVICE_LISTENER, server, "udp", DNS, null, 0,
                "the server answers DNS on UDP", p.get("server-dns")));
        for (HostSpec h : STANDARD_HOSTS) {
            if (h.dhcp() != null) {
                flows.add(new Flow(h.name() + "-dhcp", false, Kind.DHCP_ANNOUNCEMENT, lab.host(h.name()), "udp",
                        DhcpAnnounce.CLIENT_PORT, "255.255.255.255", DhcpAnnounce.SERVER_PORT,
                        "the " + h.name() + " announces itself in DHCP as " + h.dhcp().hostName() + " ("
                                + h.dhcp().vendorClass() + ")", p.get(h.name() + "-dhcp")));
            }
        }
        return new LabScenario(lab, new LinkedHashMap<>(p), flows);
    }

    /** Runs {@link DhcpAnnounce} on a host and waits for it to end. */
    private static LabProcess announce(LabHost host, DhcpIdentity dhcp) throws IOException {
        LabProcess p = host.java(DhcpAnnounce.class, "--address", host.address(), "--mac", host.mac(),
                "--hostname", dhcp.hostName(), "--vendor", dhcp.vendorClass(), "--type", dhcp.messageType());
        int code = p.awaitExit(Duration.ofSeconds(30));
        if (code != 0) {
            throw new IOException(p.label() + " exited " + code + p.errorTail());
        }
        return p;
    }

    private static void runAll(ExecutorService pool, Map<String, Callable<LabProcess>> tasks,
                               Map<String, LabProcess> into) throws IOException {
        Map<String, Future<LabProcess>> futures = new LinkedHashMap<>();
        tasks.forEach((name, task) -> futures.put(name, pool.submit(task)));
        IOException failure = null;
        for (Map.Entry<String, Future<LabProcess>> f : futures.entrySet()) {
            try {
                into.put(f.getKey(), f.getValue().get());
            } catch (ExecutionException e) {
                IOException io = e.getCause() instanceof IOException x ? x
                        : new IOException(f.getKey() + " failed to start", e.getCause());
                if (failure == null) {
                    failure = io;
                } else {
                    failure.addSuppressed(io);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted starting the scenario", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    public Lab lab() {
        return lab;
    }

    /** Every flow, planted first. */
    public List<Flow> flows() {
        return flows;
    }

    /** The flows a detector must report. */
    public List<Flow> planted() {
        return flows.stream().filter(Flow::planted).toList();
    }

    /** The flows a detector must not report. */
    public List<Flow> benign() {
        return flows.stream().filter(f -> !f.planted()).toList();
    }

    public Flow flow(String id) {
        return flows.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no flow " + id + " in " + flows));
    }

    /**
     * Every program of the scenario by name: the flows' ids (the internet host's connection to the
     * printer is {@code internet-knock}), plus the internet host's servers {@code internet-https},
     * {@code internet-smtp}, {@code internet-c2} (the beacon's server, whose {@code accept} lines
     * count beacons) and {@code internet-upload-sink}.
     */
    public Map<String, LabProcess> programs() {
        return programs;
    }

    public LabProcess program(String name) {
        LabProcess p = programs.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no program " + name + "; there are " + programs.keySet());
        }
        return p;
    }

    /** Stops the clients, then the servers. */
    @Override
    public void close() {
        List<LabProcess> all = new ArrayList<>(programs.values());
        Collections.reverse(all);
        all.forEach(LabProcess::requestStop);
        all.forEach(x -> x.awaitStop(Duration.ofSeconds(3)));
    }
}
