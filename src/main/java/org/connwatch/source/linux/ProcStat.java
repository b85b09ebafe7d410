package org.connwatch.source.linux;

/**
 * The fields connwatch needs from {@code /proc/PID/stat}. A sample:
 * <pre>
 * 1234 (my prog) S 1 1234 1234 0 -1 4194560 ... 22nd field: start time in clock ticks after boot ...
 * </pre>
 * The name sits between the first '(' and the <em>last</em> ')', since it may itself hold spaces
 * and parentheses.
 *
 * @param name       the kernel's short name ({@code comm}, at most 15 bytes)
 * @param parentPid  the parent's pid
 * @param startTicks start time in clock ticks since boot, which together with the pid identifies
 *                   a process even when pids are reused
 */
record ProcStat(String name, int parentPid, long startTicks) {

    /**
     * Parses the contents of a stat file.
     *
     * @throws IllegalArgumentException when the text is not a stat line
     */
    static ProcStat parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("no (name) in stat line");
        }
        String name = text.substring(open + 1, close);
        String[] rest = text.substring(close + 1).strip().split(" ");
        // rest[0] is field 3 (state): the parent pid is field 4, the start time field 22.
        if (rest.length < 20) {
            throw new IllegalArgumentException("stat line has " + (rest.length + 2) + " fields, 22 expected");
        }
        try {
            return new ProcStat(name, Integer.parseInt(rest[1]), Long.parseLong(rest[19]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stat line has a non-numeric field: " + e.getMessage());
        }
    }
}
