package org.connwatch.present;

/** How a list of connections is written out. */
public enum OutputFormat {
    /** Aligned columns for a person. */
    TABLE,
    /** One JSON array of ECS-named documents. */
    JSON,
    /** One JSON document per line (for log shippers and SIEMs). */
    NDJSON,
    /** RFC 4180 CSV with a header row of dotted field names. */
    CSV
}
