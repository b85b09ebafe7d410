package org.connwatch.present;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Function;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;

/**
 * Prints connections as an aligned text table, optionally coloured (ANSI) for a terminal. Every
 * cell is made terminal-safe first: names that come from other programs cannot inject escapes.
 */
public final class TableView {
    /** Longest cell text; longer (hostile or absurd) names are cut. */
    static final int MAX_CELL = 60;
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";

    private static final String RED = "\u001b[31m";

    private final List<Column> columns;
    private final boolean colour;
    private final Function<Connection, String> flags;

    public TableView(List<Column> columns, boolean colour) {
        this(columns, colour, null);
    }

    /**
     * A table with a last FLAGS column: the ids of the detectors that flagged each connection
     * ({@code flags} returns "" for none).
     */
    public TableView(List<Column> columns, boolean colour, Function<Connection, String> flags) {
        this.columns = List.copyOf(columns);
        this.colour = colour;
        this.flags = flags;
    }

    public void write(List<Connection> connections, Writer out) throws IOException {
        int n = columns.size() + (flags == null ? 0 : 1);
        String[][] cells = new String[connections.size()][n];
        int[] width = new int[n];
        for (int j = 0; j < n; j++) {
            width[j] = header(j).length();
        }
        for (int i = 0; i < connections.size(); i++) {
            for (int j = 0; j < n; j++) {
                Connection c = connections.get(i);
                String s = SafeText.terminal(j < columns.size() ? columns.get(j).text(c) : flags.apply(c), MAX_CELL);
                cells[i][j] = s;
                width[j] = Math.max(width[j], s.codePointCount(0, s.length()));
            }
        }
        StringBuilder line = new StringBuilder(256);
        for (int j = 0; j < n; j++) {
            pad(line, header(j), width[j], numeric(j), j == n - 1, colour ? BOLD : null);
        }
        out.write(trimEnd(line).append('\n').toString());
        for (int i = 0; i < connections.size(); i++) {
            line.setLength(0);
            Connection c = connections.get(i);
            for (int j = 0; j < n; j++) {
                String tint = !colour ? null
                        : j < columns.size() ? colourOf(columns.get(j), c)
                        : cells[i][j].isEmpty() ? null : RED;
                pad(line, cells[i][j], width[j], numeric(j), j == n - 1, tint);
            }
            out.write(trimEnd(line).append('\n').toString());
        }
    }

    private String header(int j) {
        return j < columns.size() ? columns.get(j).header() : "FLAGS";
    }

    private boolean numeric(int j) {
        return j < columns.size() && columns.get(j).numeric();
    }

    private static String colourOf(Column column, Connection c) {
        return switch (column) {
            case STATE -> c.state() == ConnectionState.ESTABLISHED ? GREEN
                    : c.state().isListening() ? CYAN : DIM;
            case REMOTE -> c.enrichment().remoteClass() == AddressClass.PUBLIC ? YELLOW : null;
            case PROCESS -> c.process() == null ? DIM : BOLD;
            default -> null;
        };
    }

    private static void pad(StringBuilder line, String s, int width, boolean right, boolean last, String colour) {
        int fill = width - s.codePointCount(0, s.length());
        if (right) {
            line.append(" ".repeat(fill));
        }
        if (colour != null) {
            line.append(colour).append(s).append(RESET);
        } else {
            line.append(s);
        }
        if (!right && !last) {
            line.append(" ".repeat(fill));
        }
        if (!last) {
            line.append("  ");
        }
    }

    private static StringBuilder trimEnd(StringBuilder sb) {
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == ' ') {
            n--;
        }
        sb.setLength(n);
        return sb;
    }
}
