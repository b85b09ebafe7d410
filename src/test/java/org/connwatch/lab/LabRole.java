package org.connwatch.lab;

/** What a lab host plays: detection tests judge a connection by the role of the host it belongs to. */
public enum LabRole {
    /** A network printer: an appliance that should talk to nothing outside the LAN. */
    PRINTER,
    /** A user's workstation: browses, resolves names, but is not a mail server. */
    WORKSTATION,
    /** The organisation's mail server: sending SMTP to the internet is its job. */
    MAIL_SERVER,
    /** An internal server: HTTPS and DNS for the LAN. */
    SERVER,
    /** A host standing for the internet (an address of a documentation range, inside the lab only). */
    INTERNET
}
