package org.connwatch.source.zeek;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the header block of a Zeek ASCII log says about the lines under it: the separator, the
 * texts that mean unset and empty, the {@code #path}, and which column holds which value.
 *
 * @param separator   the field separator ({@code #separator}, a tab unless said otherwise)
 * @param unsetField  the text of an unset field ({@code #unset_field}, {@code -})
 * @param emptyField  the text of an empty string or set ({@code #empty_field}, {@code (empty)})
 * @param path        the log's name ({@code #path}), null until given
 * @param slots       for each column of {@code #fields}, the {@link ConnColumn} ordinal it holds or
 *                    -1; null until a {@code #fields} line came
 * @param missing     the required columns {@code #fields} lacks, empty when none
 */
record TsvLayout(String separator, String unsetField, String emptyField, String path, int[] slots,
                 List<String> missing) {

    /** Zeek's defaults, before any header line. */
    static final TsvLayout DEFAULT = new TsvLayout("\t", "-", "(empty)", null, null, List.of());

    TsvLayout {
        slots = slots == null ? null : slots.clone();
        missing = List.copyOf(missing);
    }

    /** A new header block: its own separator, everything else back to the defaults. */
    TsvLayout withSeparator(String newSeparator) {
        return new TsvLayout(newSeparator, DEFAULT.unsetField, DEFAULT.emptyField, null, null, List.of());
    }

    TsvLayout withUnsetField(String text) {
        return new TsvLayout(separator, text, emptyField, path, slots, missing);
    }

    TsvLayout withEmptyField(String text) {
        return new TsvLayout(separator, unsetField, text, path, slots, missing);
    }

    TsvLayout withPath(String newPath) {
        return new TsvLayout(separator, unsetField, emptyField, newPath, slots, missing);
    }

    /** The column map of a {@code #fields} line (its names, without the {@code #fields} itself). */
    TsvLayout withFields(List<String> names) {
        int[] newSlots = new int[names.size()];
        boolean[] seen = new boolean[ConnColumn.COUNT];
        for (int i = 0; i < newSlots.length; i++) {
            ConnColumn c = ConnColumn.byName(names.get(i));
            newSlots[i] = c == null || seen[c.ordinal()] ? -1 : c.ordinal(); // a repeated name: the first counts
            if (c != null) {
                seen[c.ordinal()] = true;
            }
        }
        List<String> absent = new ArrayList<>();
        for (ConnColumn c : ConnColumn.values()) {
            if (c.required() && !seen[c.ordinal()]) {
                absent.add(c.zeekName());
            }
        }
        return new TsvLayout(separator, unsetField, emptyField, path, newSlots, absent);
    }

    /** The column slots (a copy: records stay immutable). */
    @Override
    public int[] slots() {
        return slots == null ? null : slots.clone();
    }

    /** The number of columns {@code #fields} names, -1 before one came. */
    int fieldCount() {
        return slots == null ? -1 : slots.length;
    }

    /** The slot of column {@code i}, without copying. */
    int slot(int i) {
        return slots[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TsvLayout t && separator.equals(t.separator) && unsetField.equals(t.unsetField)
                && emptyField.equals(t.emptyField) && Objects.equals(path, t.path)
                && Arrays.equals(slots, t.slots) && missing.equals(t.missing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(separator, unsetField, emptyField, path, Arrays.hashCode(slots), missing);
    }

    @Override
    public String toString() {
        return "TsvLayout[separator=" + separator + ", path=" + path + ", slots=" + Arrays.toString(slots) + "]";
    }
}
