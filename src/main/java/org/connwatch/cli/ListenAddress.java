package org.connwatch.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where the dashboard listens: {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code :PORT} for every address;
 * a host name is resolved once, at start. Port 1..65535.
 */
final class ListenAddress implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        String v = value.strip();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new TypeConversionException("'" + value + "' is not HOST:PORT (such as 127.0.0.1:7878)");
        }
        String host = v.substring(0, colon);
        String portText = v.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new TypeConversionException("'" + value + "': write an IPv6 address in brackets, [::1]:7878");
        }
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)
                || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            throw new TypeConversionException("'" + value + "': the port must be 1..65535");
        }
        int port = Integer.parseInt(portText);
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("'" + value + "': no such host " + host);
        }
    }
}
