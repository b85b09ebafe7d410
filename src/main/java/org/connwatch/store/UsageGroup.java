package org.connwatch.store;

/** What bandwidth is summed per: bandwhich's two views, with history. */
public enum UsageGroup {
    /** Per program (process name, executable path when known). */
    PROGRAM,
    /** Per remote host (address, with its name when one is known). */
    REMOTE
}
