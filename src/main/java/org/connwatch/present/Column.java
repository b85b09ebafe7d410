package org.connwatch.present;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.connwatch.records.Connection;
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
