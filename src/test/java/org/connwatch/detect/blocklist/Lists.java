package org.connwatch.detect.blocklist;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.connwatch.records.IpAddresses;

/** The block list files under src/test/resources, and address shorthand. */
final class Lists {
    private Lists() {
    }

    static Path file(String name) {
        URL url = Lists.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static java.net.InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }
}
