package org.connwatch.store;

/**
 * Bandwidth of one program or remote host over a window.
 *
 * @param key           what it is grouped by: the program name (or executable) or the remote address
 * @param label         a readable extra: the executable path, or the remote's DNS/TLS name; may be empty
 * @param bytesSent     bytes sent in the window
 * @param bytesReceived bytes received in the window
 * @param connections   how many connections moved bytes in the window
 */
public record Usage(String key, String label, long bytesSent, long bytesReceived, long connections) {
}
