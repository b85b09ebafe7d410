package org.connwatch.store;

import java.time.Instant;

/**
 * What one run of retention deleted.
 *
 * @param cutoff      records last seen before this time were deleted (by age, or by size: then later than
 *                    the age limit)
 * @param connections connection rows deleted
 * @param deltas      traffic deltas deleted
 * @param findings    findings deleted
 * @param bytesBefore bytes the data took before (pages in use)
 * @param bytesAfter  bytes the data take after
 */
public record RetentionReport(Instant cutoff, long connections, long deltas, long findings, long bytesBefore,
                              long bytesAfter) {

    /** True when it deleted nothing. */
    public boolean deletedNothing() {
        return connections == 0 && deltas == 0 && findings == 0;
    }
}
