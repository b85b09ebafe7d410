package org.connwatch.present;

import org.connwatch.records.CommunityId;

/**
 * What the export fields need besides the connection itself. Not thread-safe (see
 * {@link #forAnotherThread()}).
 *
 * @param hostName    the name of the machine that saw the connections ({@code host.name})
 * @param communityId the Community ID hasher ({@code network.community_id})
 */
public record FieldContext(String hostName, CommunityId communityId) {

    /** A context for another thread: the Community ID hasher is not thread-safe. */
    public FieldContext forAnotherThread() {
        return new FieldContext(hostName, communityId.copy());
    }
}
