/**
 * A network lab on Linux network namespaces, for end-to-end tests of detection, packet capture
 * and monitoring: {@link org.connwatch.lab.Lab} builds a switch namespace with a bridge and hosts
 * on it (nothing in the root namespace, nothing routed out), {@link org.connwatch.lab.LabHost}
 * runs commands, lab programs and {@code connwatch ls} inside a host, and
 * {@link org.connwatch.lab.LabScenario#standard} starts the detection issue's planted and benign
 * traffic with a description of each flow.
 *
 * <p>The traffic programs ({@link org.connwatch.lab.TlsServer}, {@link org.connwatch.lab.TlsClient},
 * {@link org.connwatch.lab.SmtpServer}, {@link org.connwatch.lab.SmtpClient},
 * {@link org.connwatch.lab.Beacon}, {@link org.connwatch.lab.Upload}, {@link org.connwatch.lab.Sink},
 * {@link org.connwatch.lab.Knock}, {@link org.connwatch.lab.DnsServer},
 * {@link org.connwatch.lab.DnsClient}, {@link org.connwatch.lab.DhcpAnnounce},
 * {@link org.connwatch.lab.Probe}) are main classes: each prints one {@code key=value} line when
 * ready, reports events one line each, and stops when its standard input ends (the one-shot ones,
 * {@code Knock} and {@code DhcpAnnounce}, when done). Their standard error goes to
 * {@code target/lab-logs/<prefix>/}. Clients given {@code --dns} look their server's name up at
 * the lab's DNS server first, so the traffic on the bridge carries what a network sensor uses:
 * DHCP host names, fixed MAC addresses, DNS answers, TLS server names and HTTP Host headers.
 *
 * <p>{@link org.connwatch.lab.Lab#spawnInSwitch} runs a capture on the bridge
 * ({@code tcpdump -i br0}, {@code connwatch capture -i br0}), where every host's traffic passes.
 *
 * <p>Tests call {@link org.connwatch.lab.Lab#assumeAvailable()} first: it skips them, saying why,
 * when not root, without {@code ip} (iproute2), or where namespaces, bridges or veths are refused.
 */
package org.connwatch.lab;
