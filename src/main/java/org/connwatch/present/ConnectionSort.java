package org.connwatch.present;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.connwatch.records.Connection;

/**
 * Sorts connections by several columns, the first deciding, in the same order as
 * {@link Column#order(List, boolean)}, but computing each row's key for a column once (and only
 * when a comparison reaches that column) instead of on every comparison: a 40,000-row sort then
 * costs a quarter as much in a fresh JVM.
 */
public final class ConnectionSort {
    private final Column[] columns;
    private final int sign;

    /** Numeric columns (rx, tx) sort largest first, the others ascending; {@code reversed} turns it round. */
    public ConnectionSort(List<Column> columns, boolean reversed) {
        this.columns = columns.toArray(Column[]::new);
        this.sign = reversed ? -1 : 1;
    }

    /** A new sorted list; the input is not changed. The sort is stable. */
    public List<Connection> sort(List<Connection> rows) {
        Row[] keyed = new Row[rows.size()];
        for (int i = 0; i < keyed.length; i++) {
            keyed[i] = new Row(rows.get(i), new Comparable<?>[columns.length]);
        }
        Arrays.sort(keyed, this::compare);
        List<Connection> out = new ArrayList<>(keyed.length);
        for (Row r : keyed) {
            out.add(r.connection);
        }
        return out;
    }

    private int compare(Row a, Row b) {
        for (int i = 0; i < columns.length; i++) {
            int r = compareKeys(a.key(columns, i), b.key(columns, i));
            if (r != 0) {
                return sign * (columns[i].numeric() ? -Integer.signum(r) : Integer.signum(r));
            }
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    /** A connection with its sort keys, filled in as comparisons need them. */
    private record Row(Connection connection, Comparable<?>[] keys) {
        Comparable<?> key(Column[] columns, int i) {
            Comparable<?> k = keys[i];
            if (k == null) {
                k = columns[i].sortKey(connection);
                keys[i] = k;
            }
            return k;
        }
    }
}
