package org.connwatch.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A small network made of Linux network namespaces, for end-to-end tests: a switch namespace
 * holding a bridge, and hosts, each a namespace with a veth cable to the bridge, one address and
 * loopback up. Nothing touches the root namespace: the veth pairs are created inside the switch
 * namespace with their host end moved straight into the host's namespace, no host has a default
 * route, nothing is routed or NATed out. Hosts in different subnets reach each other through
 * on-link routes over the same bridge.
 *
 * <p>Namespace names carry a prefix unique to the run ({@code cwlab<pid>-<n>-printer});
 * {@link #start()} first removes the namespaces of dead runs, and {@link #close()} (also run by a
 * shutdown hook) stops every process the lab started and removes every namespace, even after a
 * failure.
 *
 * <pre>{@code
 * Lab.assumeAvailable();
 * try (Lab lab = Lab.startStandard(); LabScenario s = LabScenario.standard(lab)) {
 *     JsonNode sockets = lab.host("workstation").connwatchLs();
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {
    /** Every lab namespace name starts with this, then the pid of the JVM that made it. */
    public static final String PREFIX = "cwlab";
    /** The bridge's name inside the switch namespace. */
    public static final String BRIDGE = "br0";
    /** The host end of each host's cable. */
    public static final String HOST_INTERFACE = "eth0";

    private static final Pattern LAB_NAMESPACE = Pattern.compile("^" + PREFIX + "(\\d+)-.*");
    /** Six lower-case hex pairs, the first even (not multicast). */
    private static final Pattern UNICAST_MAC = Pattern.compile("[0-9a-f][02468ace](:[0-9a-f]{2}){5}");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static volatile Availability availability;

    private final String prefix;
    private final String switchNamespace;
    private final Path logDir;
    private final Map<String, LabHost> hosts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<LabProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> subnets = Collections.synchronizedSet(new LinkedHashSet<>());
    private final AtomicInteger processCount = new AtomicInteger();
    private final Thread shutdownHook;
    private volatile boolean closed;

    /** Whether labs can be built here, and if not why. */
    public record Availability(boolean available, String reason) {
    }

    /** The outcome of a command run to its end. */
    public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** This result, or an IOException quoting the command and its error output. */
        public ExecResult orThrow() throws IOException {
            if (!ok()) {
                throw new IOException(String.join(" ", command) + " failed (exit " + exitCode + "): "
                        + stderr.strip());
            }
            return this;
        }
    }

    private Lab(String prefix) throws IOException {
        this.prefix = prefix;
        this.switchNamespace = prefix + "-switch";
        Path target = Path.of("target");
        this.logDir = (Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir")))
                .resolve("lab-logs").resolve(prefix);
        Files.createDirectories(logDir);
        this.shutdownHook = new Thread(this::closeQuietly, "lab-cleanup-" + prefix);
    }

    // ---------------------------------------------------------------- availability

    /** True when labs can be built here: Linux, root, {@code ip}, namespaces, veth and bridges allowed. */
    public static boolean available() {
        return availability().available();
    }

    /** Why labs cannot be built here; empty when they can. */
    public static Optional<String> unavailableReason() {
        Availability a = availability();
        return a.available() ? Optional.empty() : Optional.of(a.reason());
    }

    /** A JUnit assumption: skips the test, saying why, when labs cannot be built here. */
    public static void assumeAvailable() {
        Availability a = availability();
        Assumptions.assumeTrue(a.available(), () -> "network namespace lab unavailable: " + a.reason());
    }

    /** Checks once (by building a throw-away namespace with a bridge and a veth) and remembers. */
    public static Availability availability() {
        Availability a = availability;
        if (a == null) {
            synchronized (Lab.class) {
                a = availability;
                if (a == null) {
                    a = LabAvailability.probe();
                    availability = a;
                }
            }
        }
        return a;
    }

    /** The {@code ip} binary, from PATH or the usual sbin directories. */
    static Optional<String> ipCommand() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "ip"))) {
                return Optional.of(Path.of(d, "ip").toString());
            }
        }
        return Optional.empty();
    }

    /** The running JVM's java binary, which the lab programs run with. */
    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    // ---------------------------------------------------------------- building

    /**
     * Builds an empty lab: removes the namespaces of dead runs, then makes the switch namespace
     * with its bridge. Add hosts with {@link #addHost}.
     *
     * @throws IOException when a namespace or link cannot be made (the partial lab is removed)
     */
    public static Lab start() throws IOException {
        Availability a = availability();
        if (!a.available()) {
            throw new IOException("network namespace lab unavailable: " + a.reason());
        }
        removeStale();
        Lab lab = new Lab(PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            ip("netns", "add", lab.switchNamespace).orThrow();
            lab.ipIn(lab.switchNamespace, "link", "set", "lo", "up").orThrow();
            lab.ipIn(lab.switchNamespace, "link", "add", BRIDGE, "type", "bridge", "stp_state", "0").orThrow();
            lab.ipIn(lab.switchNamespace, "link", "set", BRIDGE, "addrgenmode", "none");
            lab.ipIn(lab.switchNamespace, "link", "set", BRIDGE, "up").orThrow();
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.closeQuietly();
            throw e;
        }
    }

    /** Builds a lab with the five standard hosts of {@link LabScenario#STANDARD_HOSTS}. */
    public static Lab startStandard() throws IOException {
        Lab lab = start();
        try {
            LabScenario.addStandardHosts(lab);
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.closeQuietly();
            throw e;
        }
    }

    /**
     * Adds a host with the MAC address {@link #macFor derived from its address}; see
     * {@link #addHost(String, LabRole, String, String)}.
     */
    public LabHost addHost(String name, LabRole role, String cidr) throws IOException {
        return addHost(name, role, cidr, null);
    }

    /**
     * Adds a host: a namespace named {@code <prefix>-<name>} with loopback up and a cable
     * ({@value #HOST_INTERFACE}, with the MAC address {@code mac}) to the bridge carrying
     * {@code cidr}. Hosts of other subnets of the lab are reached on-link over the bridge; there is
     * no default route.
     *
     * @param name a short name, letters, digits and dashes ({@code printer})
     * @param cidr the host's address and prefix length ({@code 10.77.0.10/24})
     * @param mac  the interface's MAC address, lower case ({@code 02:77:00:00:00:10}), unique in the
     *             lab; null for the one {@link #macFor derived from the address}
     */
    public LabHost addHost(String name, LabRole role, String cidr, String mac) throws IOException {
        checkOpen();
        if (!name.matches("[a-z][a-z0-9-]{0,19}")) {
            throw new IllegalArgumentException("host name must be lower-case letters, digits, dashes: " + name);
        }
        Matcher m = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)").matcher(cidr);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an IPv4 address/prefix: " + cidr);
        }
        String hostMac = mac == null ? macFor(m.group(1)) : mac;
        if (!UNICAST_MAC.matcher(hostMac).matches()) {
            throw new IllegalArgumentException("not a lower-case unicast MAC address: " + hostMac);
        }
        String subnet = subnetOf(m.group(1), Integer.parseInt(m.group(2)));
        LabHost host;
        synchronized (hosts) {
            if (hosts.containsKey(name)) {
                throw new IllegalArgumentException("the lab already has a host " + name);
            }
            for (LabHost other : hosts.values()) {
                if (other.mac().equals(hostMac)) {
                    throw new IllegalArgumentException(other.name() + " already has the MAC address " + hostMac);
                }
            }
            host = new LabHost(this, name, role, m.group(1), cidr, prefix + "-" + name, hostMac);
            hosts.put(name, host);
        }
        String ns = host.namespace();
        String cable = switchPort(name);
        ip("netns", "add", ns).orThrow();
        ipIn(ns, "link", "set", "lo", "up").orThrow();
        // Made inside the switch namespace, the host end moved straight to the host: the root
        // namespace never holds either end.
        ipIn(switchNamespace, "link", "add", cable, "type", "veth", "peer", "name", HOST_INTERFACE,
                "netns", ns).orThrow();
        ipIn(switchNamespace, "link", "set", cable, "addrgenmode", "none");
        ipIn(switchNamespace, "link", "set", cable, "master", BRIDGE).orThrow();
        ipIn(switchNamespace, "link", "set", cable, "up").orThrow();
        ipIn(ns, "link", "set", HOST_INTERFACE, "addrgenmode", "none"); // no IPv6 link-local chatter
        ipIn(ns, "link", "set", HOST_INTERFACE, "address", hostMac).orThrow();
        ipIn(ns, "addr", "add", cidr, "dev", HOST_INTERFACE).orThrow();
        ipIn(ns, "link", "set", HOST_INTERFACE, "up").orThrow();
        synchronized (subnets) {
            for (String other : subnets) {
                if (!other.equals(subnet)) {
                    ipIn(ns, "route", "add", other, "dev", HOST_INTERFACE).orThrow();
                }
            }
            if (subnets.add(subnet)) {
                for (LabHost h : hosts()) {
                    if (h != host && !subnetOf(h).equals(subnet)) {
                        ipIn(h.namespace(), "route", "add", subnet, "dev", HOST_INTERFACE).orThrow();
                    }
                }
            }
        }
        return host;
    }

    private static String switchPort(String hostName) {
        String n = "sw-" + hostName;
        return n.length() <= 15 ? n : n.substring(0, 15);
    }

    private static String subnetOf(LabHost h) {
        String[] parts = h.cidr().split("/");
        return subnetOf(parts[0], Integer.parseInt(parts[1]));
    }

    /**
     * The MAC address a host gets when none is given: the locally administered prefix
     * {@code 02:77}, then the four bytes of its IPv4 address ({@code 10.77.1.2} gets
     * {@code 02:77:0a:4d:01:02}), so it is unique among the lab's addresses.
     */
    public static String macFor(String ipv4) {
        String[] p = ipv4.split("\\.");
        StringBuilder mac = new StringBuilder("02:77");
        for (String part : p) {
            mac.append(String.format(Locale.ROOT, ":%02x", Integer.parseInt(part)));
        }
        return mac.toString();
    }

    static String subnetOf(String ip, int bits) {
        String[] p = ip.split("\\.");
        long v = 0;
        for (String part : p) {
            v = (v << 8) | Integer.parseInt(part);
        }
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        v &= mask;
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255) + "/" + bits;
    }

    // ---------------------------------------------------------------- accessors

    /** The host of that name. */
    public LabHost host(String name) {
        LabHost h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host " + name + " in the lab; it has " + hosts.keySet());
        }
        return h;
    }

    public boolean hasHost(String name) {
        return hosts.containsKey(name);
    }

    /** The hosts, in the order they were added. */
    public List<LabHost> hosts() {
        synchronized (hosts) {
            return List.copyOf(hosts.values());
        }
    }

    /** The hosts with this role. */
    public List<LabHost> hosts(LabRole role) {
        return hosts().stream().filter(h -> h.role() == role).toList();
    }

    /** The prefix of this run's namespace names ({@code cwlab1234-1}). */
    public String prefix() {
        return prefix;
    }

    /** The namespace holding the bridge {@value #BRIDGE} (where a capture sees every host's traffic). */
    public String switchNamespace() {
        return switchNamespace;
    }

    /** The switch-side name of a host's cable ({@code sw-printer}), in the switch namespace. */
    public String switchPortOf(LabHost host) {
        return switchPort(host.name());
    }

    /** Where the lab programs' standard error logs go. */
    public Path logDir() {
        return logDir;
    }

    /** Every namespace of this lab, switch first. */
    public List<String> namespaces() {
        List<String> out = new ArrayList<>();
        out.add(switchNamespace);
        hosts().forEach(h -> out.add(h.namespace()));
        return out;
    }

    /** The processes the lab started and that still run. */
    public List<LabProcess> processes() {
        synchronized (processes) {
            return processes.stream().filter(LabProcess::isAlive).toList();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- running things

    /** Runs {@code ip args...} in the root context (the namespace-managing commands). */
    static ExecResult ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ipCommand().orElseThrow(() -> new IOException("no ip command")));
        cmd.addAll(List.of(args));
        return run(cmd, COMMAND_TIMEOUT);
    }

    ExecResult ipIn(String namespace, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("-n", namespace));
        a.addAll(List.of(args));
        return ip(a.toArray(String[]::new));
    }

    /** Runs a command to its end, collecting its output. */
    static ExecResult run(List<String> cmd, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " still runs after " + timeout);
            }
            return new ExecResult(List.copyOf(cmd), p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + cmd, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofPlatform().daemon().start(r));
    }

    /** Starts a long-running command inside a host and tracks it so {@link #close()} stops it. */
    LabProcess spawn(LabHost host, String program, List<String> command, boolean labProgram) throws IOException {
        return spawnIn(host.namespace(), host.name(), program, command, labProgram);
    }

    /**
     * Starts a command in the switch namespace, where it sees the bridge {@value #BRIDGE} and every
     * host's traffic on it (a {@code tcpdump -i br0}, a {@code connwatch capture -i br0}), and
     * returns at once. Closing the handle, or the lab, stops it with SIGTERM.
     *
     * @param name    a name for messages and the error log ({@code tcpdump}, {@code capture})
     * @param command the program and its arguments ({@link #javaCommand} for a main class)
     */
    public LabProcess spawnInSwitch(String name, List<String> command) throws IOException {
        return spawnIn(switchNamespace, "switch", name, command, false);
    }

    /**
     * The command that runs a main class of the test classpath with this JVM's java binary and
     * the lab's JVM options (small heap, IPv4 sockets, native access).
     */
    public static List<String> javaCommand(Class<?> mainClass, String... args) {
        return LabHost.javaCommand(mainClass, args);
    }

    private LabProcess spawnIn(String namespace, String who, String program, List<String> command,
                               boolean labProgram) throws IOException {
        checkOpen();
        List<String> cmd = new ArrayList<>(List.of(ipCommand().orElseThrow(), "netns", "exec", namespace));
        cmd.addAll(command);
        String label = who + "/" + program;
        Path log = logDir.resolve(who + "-" + program + "-" + processCount.incrementAndGet() + ".err");
        LabProcess p = LabProcess.start(label, cmd, log, labProgram);
        processes.add(p);
        return p;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("lab " + prefix + " is closed");
        }
    }

    // ---------------------------------------------------------------- cleaning up

    /** The names of the lab namespaces present on this machine (every run's). */
    public static List<String> listNamespaces() throws IOException {
        ExecResult r = ip("netns", "list").orThrow();
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith(PREFIX)) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Removes the lab namespaces of runs whose JVM no longer lives ({@code cwlab<pid>-...} with no
     * process {@code pid}); returns how many it removed.
     */
    public static int removeStale() {
        int removed = 0;
        try {
            for (String ns : listNamespaces()) {
                Matcher m = LAB_NAMESPACE.matcher(ns);
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty() && ip("netns", "del", ns).ok()) {
                    removed++;
                }
            }
        } catch (IOException e) {
            // nothing to remove, or no ip: start() reports the real problem
        }
        return removed;
    }

    /**
     * Stops every process the lab started (standard input closed, then terminated), kills what
     * still runs inside its namespaces, and removes the namespaces (and with them every link).
     *
     * @throws IllegalStateException when a namespace could not be removed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // running from the hook itself
        }
        List<LabProcess> started;
        synchronized (processes) {
            started = List.copyOf(processes);
        }
        started.forEach(LabProcess::requestStop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (LabProcess p : started) {
            long left = Math.max(0, deadline - System.nanoTime());
            p.awaitStop(Duration.ofNanos(left));
        }
        List<String> problems = new ArrayList<>();
        List<String> namespaces = new ArrayList<>(namespaces());
        Collections.reverse(namespaces);
        for (String ns : namespaces) {
            killInside(ns);
            try {
                ExecResult r = ip("netns", "del", ns);
                if (!r.ok() && !r.stderr().contains("No such file")) {
                    problems.add(ns + ": " + r.stderr().strip());
                }
            } catch (IOException e) {
                problems.add(ns + ": " + e.getMessage());
            }
        }
        try {
            List<String> left = listNamespaces().stream().filter(n -> n.startsWith(prefix + "-")).toList();
            if (!left.isEmpty()) {
                problems.add("namespaces left: " + left);
            }
        } catch (IOException e) {
            problems.add("cannot list namespaces: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("lab " + prefix + " not fully removed: " + problems);
        }
    }

    /** Kills any process still inside a lab namespace (all of them started by this lab). */
    private static void killInside(String ns) {
        try {
            ExecResult r = ip("netns", "pids", ns);
            if (!r.ok()) {
                return;
            }
            for (String word : r.stdout().split("\\s+")) {
                if (word.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(word)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException e) {
            // the namespace removal below reports it
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("lab cleanup: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Lab[" + prefix + ", hosts " + hosts.keySet() + "]";
    }
}
