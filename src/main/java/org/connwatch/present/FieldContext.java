package org.connwatch.present;

import org.connwatch.records.CommunityId;

/**
 * What the export fields need besides the connection itself.
 *
 * @param hostName    the name of the machine that saw the connections ({@code host.name})
 * @param communityId the Community ID hasher ({@code network.community_id})
 */
public record FieldContext(String hostName, CommunityId communityId) {
}
