package org.connwatch.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.connwatch.records.Transport;

/** The port registry: which service a TCP or UDP port number usually means ({@code 22/tcp} is ssh), and back. */
public final class ServiceRegistry {
    private static final String RESOURCE = "services.tsv";
    private static final int UDP = 1 << 16;

    /** Sorted lookup keys: the port, plus {@link #UDP} for udp entries. */
    private final int[] keys;
    private final String[] names;
    private final Map<String, Integer> tcpPorts;
    private final Map<String, Integer> udpPorts;

    /**
     * Reads a registry of {@code port<TAB>protocol<TAB>name} lines; lines starting with {@code #}
     * and blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line number of the first malformed line
     */
    public ServiceRegistry(Reader reader) {
        this(reader, "port registry");
    }

    private ServiceRegistry(Reader reader, String source) {
        TreeMap<Integer, String> byKey = read(new BufferedReader(reader), source);
        keys = byKey.keySet().stream().mapToInt(Integer::intValue).toArray();
        names = byKey.values().toArray(String[]::new);
        tcpPorts = portsByName(byKey.headMap(UDP));
        udpPorts = portsByName(byKey.tailMap(UDP));
    }

    /** The registry bundled with connwatch (from Debian's /etc/services); reads it on every call, so share one. */
    public static ServiceRegistry bundled() {
        InputStream in = ServiceRegistry.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the port registry " + RESOURCE + " is missing from the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return new ServiceRegistry(reader, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the port registry " + RESOURCE, e);
        }
    }

    /**
     * The service name of a port; SCTP uses the TCP names, and transports without ports have none.
     *
     * @throws IllegalArgumentException when the port is outside 0..65535
     */
    public Optional<String> name(Transport transport, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        int key = switch (transport) {
            case TCP, SCTP -> port;
            case UDP -> port | UDP;
            case ICMP, ICMPV6 -> -1;
        };
        int at = key < 0 ? -1 : Arrays.binarySearch(keys, key);
        return at < 0 ? Optional.empty() : Optional.of(names[at]);
    }

    /**
     * The port a service name stands for ({@code https} is 443), ignoring case; the lowest port when
     * several share the name. SCTP uses the TCP names, and transports without ports have none.
     */
    public Optional<Integer> port(String name, Transport transport) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (transport) {
            case TCP, SCTP -> tcpPorts.get(key);
            case UDP -> udpPorts.get(key);
            case ICMP, ICMPV6 -> null;
        });
    }

    /** How many (port, protocol) entries the registry holds. */
    public int size() {
        return keys.length;
    }

    private static Map<String, Integer> portsByName(SortedMap<Integer, String> byKey) {
        Map<String, Integer> ports = new HashMap<>();
        byKey.forEach((key, name) -> ports.putIfAbsent(name.toLowerCase(Locale.ROOT), key & 0xffff));
        return Map.copyOf(ports);
    }

    private static TreeMap<Integer, String> read(BufferedReader lines, String source) {
        TreeMap<Integer, String> byKey = new TreeMap<>();
        int number = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    add(byKey, line, source + " line " + number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + source + " after line " + number, e);
        }
        return byKey;
    }

    private static void add(Map<Integer, String> byKey, String line, String where) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 3) {
            throw malformed(where, "expected port<TAB>protocol<TAB>name", line);
        }
        String port = fields[0];
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(where, "the port is not a number", line);
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw malformed(where, "the port is outside 1..65535", line);
        }
        int key = switch (fields[1]) {
            case "tcp" -> number;
            case "udp" -> number | UDP;
            default -> throw malformed(where, "the protocol is neither tcp nor udp", line);
        };
        String name = fields[2];
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw malformed(where, "the name is empty or has blanks", line);
        }
        String earlier = byKey.putIfAbsent(key, name);
        if (earlier != null) {
            throw malformed(where, port + "/" + fields[1] + " is already named " + earlier, line);
        }
    }

    private static IllegalArgumentException malformed(String where, String problem, String line) {
        return new IllegalArgumentException(where + ": " + problem + ": '" + line + "'");
    }
}
