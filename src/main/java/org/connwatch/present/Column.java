package org.connwatch.present;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.connwatch.records.Connection;
import org.connwatch.records.Device;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ProcessInfo;

/** A column of the connections table: its header, its text, and how it sorts. */
public enum Column {
    PROTO("PROTO", c -> c.transport().label(), Comparator.comparing(Connection::transport)),
    STATE("STATE", c -> c.state().name(), Comparator.comparing(Connection::state)),
    LOCAL("LOCAL", c -> c.local().toString(), Comparator.comparing(Connection::local, Column::compareEndpoints)),
    REMOTE("REMOTE", Column::remoteText, Comparator.comparing(Connection::remote, Column::compareEndpoints)),
    SERVICE("SERVICE", c -> orDash(c.enrichment().serviceName()),
            Comparator.comparing(c -> orDash(c.enrichment().serviceName()))),
    DIR("DIR", c -> c.direction().label(), Comparator.comparing(Connection::direction)),
    PROCESS("PROCESS", Column::processText, Comparator.comparing(Column::processName)
            .thenComparingInt(c -> c.process() == null ? 0 : c.process().pid())),
    USER("USER", c -> c.process() == null || c.process().userName() == null ? "-" : c.process().userName(),
            Comparator.comparing(c -> c.process() == null || c.process().userName() == null ? ""
                    : c.process().userName())),
    DEVICE("DEVICE", Column::deviceText, Comparator.comparing(Column::deviceText)),
    RX("RX", c -> HumanBytes.format(c.traffic().bytesReceived()),
            Comparator.comparingLong(c -> c.traffic().bytesReceived())),
    TX("TX", c -> HumanBytes.format(c.traffic().bytesSent()),
            Comparator.comparingLong(c -> c.traffic().bytesSent()));

    private final String header;
    private final Function<Connection, String> text;
    private final Comparator<Connection> order;

    Column(String header, Function<Connection, String> text, Comparator<Connection> order) {
        this.header = header;
        this.text = text;
        this.order = order;
    }

    public String header() {
        return header;
    }

    /** The cell text, not yet made terminal-safe. */
    public String text(Connection c) {
        return text.apply(c);
    }

    /** Ascending order of this column (numbers as numbers, addresses by bytes then port). */
    public Comparator<Connection> order() {
        return order;
    }

    /**
     * An order by several columns, the first deciding: numeric columns (rx, tx) largest first, the
     * others ascending; {@code reversed} turns the whole order round. One flat loop, not a chain of
     * {@code thenComparing}, so a comparison costs what the deciding column costs.
     */
    public static Comparator<Connection> order(List<Column> columns, boolean reversed) {
        @SuppressWarnings("unchecked")
        Comparator<Connection>[] steps = columns.stream()
                .map(c -> c.numeric() ? c.order().reversed() : c.order())
                .toArray(Comparator[]::new);
        int sign = reversed ? -1 : 1;
        return (a, b) -> {
            for (Comparator<Connection> step : steps) {
                int r = step.compare(a, b);
                if (r != 0) {
                    return sign * Integer.signum(r);
                }
            }
            return 0;
        };
    }

    /**
     * A key that sorts like {@link #order()}: compute it once per row and compare keys, rather
     * than calling the comparator's extractors on every comparison (see {@link ConnectionSort}).
     */
    public Comparable<?> sortKey(Connection c) {
        return switch (this) {
            case PROTO -> c.transport();
            case STATE -> c.state();
            case LOCAL -> EndpointKey.of(c.local());
            case REMOTE -> EndpointKey.of(c.remote());
            case SERVICE -> orDash(c.enrichment().serviceName());
            case DIR -> c.direction();
            case PROCESS -> new ProcessKey(processName(c), c.process() == null ? 0 : c.process().pid());
            case USER -> c.process() == null || c.process().userName() == null ? "" : c.process().userName();
            case DEVICE -> deviceText(c);
            case RX -> c.traffic().bytesReceived();
            case TX -> c.traffic().bytesSent();
        };
    }

    /** An endpoint as (address length, address bytes unsigned, port), the order of {@link #compareEndpoints}. */
    private record EndpointKey(int length, long high, long low, int port) implements Comparable<EndpointKey> {
        static EndpointKey of(Endpoint e) {
            byte[] b = e.address().getAddress();
            long high = 0;
            long low = 0;
            for (int i = 0; i < b.length; i++) {
                if (i < 8) {
                    high |= (b[i] & 0xffL) << (56 - 8 * i);
                } else {
                    low |= (b[i] & 0xffL) << (56 - 8 * (i - 8));
                }
            }
            return new EndpointKey(b.length, high, low, e.port());
        }

        @Override
        public int compareTo(EndpointKey o) {
            int r = Integer.compare(length, o.length);
            if (r == 0) {
                r = Long.compareUnsigned(high, o.high);
            }
            if (r == 0) {
                r = Long.compareUnsigned(low, o.low);
            }
            return r != 0 ? r : Integer.compare(port, o.port);
        }
    }

    /** A program as (name, pid), the order of the PROCESS column. */
    private record ProcessKey(String name, int pid) implements Comparable<ProcessKey> {
        @Override
        public int compareTo(ProcessKey o) {
            int r = name.compareTo(o.name);
            return r != 0 ? r : Integer.compare(pid, o.pid);
        }
    }

    /** True for columns whose cells are right-aligned (numbers). */
    public boolean numeric() {
        return this == RX || this == TX;
    }

    /**
     * The column with this name, any case.
     *
     * @throws IllegalArgumentException listing the valid names
     */
    public static Column parse(String name) {
        for (Column c : values()) {
            if (c.name().equalsIgnoreCase(name.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown column '" + name + "'; choose from "
                + Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static String remoteText(Connection c) {
        String domain = c.enrichment().remoteDomain();
        return domain == null ? c.remote().toString() : domain + " (" + c.remote() + ")";
    }

    private static String processText(Connection c) {
        ProcessInfo p = c.process();
        if (p == null) {
            return "-";
        }
        return p.pid() + "/" + p.name() + (p.executableDeleted() ? " (deleted)" : "");
    }

    /** The local device of a captured flow: {@code HP-LaserJet aa:bb:cc:dd:ee:ff}, its MAC alone, or a dash. */
    private static String deviceText(Connection c) {
        Device d = c.flow() == null ? null : c.flow().local();
        if (d == null || d.isEmpty()) {
            return "-";
        }
        if (d.hostName() == null) {
            return d.mac() == null ? "-" : d.mac();
        }
        return d.mac() == null ? d.hostName() : d.hostName() + " " + d.mac();
    }

    /** The columns of a table of sockets: every column but DEVICE, which packet sources fill. */
    public static List<Column> socketColumns() {
        return Arrays.stream(values()).filter(c -> c != DEVICE).toList();
    }

    /** The columns of a table of captured flows: DEVICE where sockets have PROCESS and USER. */
    public static List<Column> flowColumns() {
        return Arrays.stream(values()).filter(c -> c != PROCESS && c != USER).toList();
    }

    private static String processName(Connection c) {
        return c.process() == null ? "" : c.process().name();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    static int compareEndpoints(Endpoint a, Endpoint b) {
        byte[] x = a.address().getAddress();
        byte[] y = b.address().getAddress();
        int byLength = Integer.compare(x.length, y.length);
        if (byLength != 0) {
            return byLength;
        }
        int byAddress = Arrays.compareUnsigned(x, y);
        return byAddress != 0 ? byAddress : Integer.compare(a.port(), b.port());
    }
}
