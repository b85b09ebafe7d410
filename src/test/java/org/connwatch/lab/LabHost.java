package org.connwatch.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** One host of a {@link Lab}: a network namespace with one address on the lab's bridge. */
public final class LabHost {
    /** Options of the JVMs the lab runs: small, quick to start, IPv4 sockets. */
    static final List<String> JVM_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx128m", "-XX:-UsePerfData",
            "-Djava.net.preferIPv4Stack=true", "--enable-native-access=ALL-UNNAMED",
            // TlsServer makes its certificate with the JDK's keytool, in process
            "--add-exports=java.base/sun.security.tools.keytool=ALL-UNNAMED");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Lab lab;
    private final String name;
    private final LabRole role;
    private final String address;
    private final String cidr;
    private final String namespace;
    private final String mac;

    LabHost(Lab lab, String name, LabRole role, String address, String cidr, String namespace, String mac) {
        this.lab = lab;
        this.name = name;
        this.role = role;
        this.address = address;
        this.cidr = cidr;
        this.namespace = namespace;
        this.mac = mac;
    }

    public String name() {
        return name;
    }

    public LabRole role() {
        return role;
    }

    /** The host's IPv4 address ({@code 10.77.0.10}). */
    public String address() {
        return address;
    }

    /** Address and prefix length ({@code 10.77.0.10/24}). */
    public String cidr() {
        return cidr;
    }

    /**
     * The MAC address of the host's interface {@value Lab#HOST_INTERFACE}, lower case
     * ({@code 02:77:00:00:00:10}): what a capture on the bridge sees as the host's frames' source.
     */
    public String mac() {
        return mac;
    }

    /** The network namespace's name ({@code cwlab1234-1-printer}). */
    public String namespace() {
        return namespace;
    }

    public Lab lab() {
        return lab;
    }

    /** Runs a command inside the host's namespace to its end ({@code ip netns exec}). */
    public Lab.ExecResult exec(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Lab.ipCommand().orElseThrow(), "netns", "exec", namespace));
        cmd.addAll(List.of(command));
        return Lab.run(cmd, Duration.ofSeconds(60));
    }

    /**
     * Starts a command inside the host's namespace and returns at once (no ready line awaited);
     * closing the handle, or the lab, stops it with SIGTERM.
     */
    public LabProcess spawn(String... command) throws IOException {
        return lab.spawn(this, command[0].substring(command[0].lastIndexOf('/') + 1), List.of(command), false);
    }

    /**
     * Runs a main class of the test classpath inside the host's namespace, with this JVM's java
     * binary and class path, and waits for its first line of output (the lab programs print one
     * when ready). Closing the handle stops the program; the lab stops it on close anyway.
     *
     * @throws IOException when the program ends or stays silent for 30 s first (its stderr quoted)
     */
    public LabProcess java(Class<?> mainClass, String... args) throws IOException {
        LabProcess p = lab.spawn(this, mainClass.getSimpleName(), javaCommand(mainClass, args), true);
        try {
            return p.awaitReady(READY_TIMEOUT);
        } catch (IOException e) {
            p.close();
            throw e;
        }
    }

    static List<String> javaCommand(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Lab.javaBinary().toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs {@code connwatch ls --format json} inside the namespace (through {@link #java}) and
     * returns the parsed array: what connwatch sees on this host.
     *
     * @param extraArgs more {@code ls} options ({@code --tcp}, {@code --port 25})
     */
    public JsonNode connwatchLs(String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("ls", "--format", "json"));
        args.addAll(List.of(extraArgs));
        try (LabProcess ls = java(org.connwatch.cli.Main.class, args.toArray(String[]::new))) {
            int code = ls.awaitExit(Duration.ofSeconds(60));
            String text = String.join("\n", ls.lines());
            if (code != 0) {
                throw new IOException("connwatch ls in " + name + " exited " + code + ": " + text + ls.errorTail());
            }
            return JSON.readTree(text);
        }
    }

    /** The sockets of a {@link #connwatchLs} answer that match a test. */
    public static List<JsonNode> sockets(JsonNode ls, Predicate<JsonNode> test) {
        return stream(ls).filter(test).toList();
    }

    /** The documents of a {@link #connwatchLs} answer. */
    public static Stream<JsonNode> stream(JsonNode ls) {
        return StreamSupport.stream(ls.spliterator(), false);
    }

    @Override
    public String toString() {
        return name + " (" + role + ", " + address + ", " + mac + ")";
    }
}
