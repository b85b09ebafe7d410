package org.connwatch.records;

/**
 * Who an address belongs to, from the installed IP databases: {@code remote.asn}, {@code remote.org},
 * {@code remote.country} in exports and rules. Any part may be null when no database knows it.
 *
 * @param asn     the autonomous system number ({@code destination.as.number} in ECS), or null
 * @param org     the organisation that holds the AS or the network ({@code destination.as.organization.name})
 * @param country the ISO 3166-1 alpha-2 country code, upper case ({@code destination.geo.country_iso_code})
 * @param network the range the answer came from, as CIDR ({@code 192.0.2.0/24}), or null
 */
public record Owner(Long asn, String org, String country, String network) {

    /** Whether nothing at all is known. */
    public boolean isEmpty() {
        return asn == null && org == null && country == null;
    }
}
