package org.connwatch.source.capture.live;

import java.io.IOException;

/**
 * The kernel refused a packet socket: live capture needs {@code CAP_NET_RAW}. The message is one
 * line saying so and how to grant it.
 */
public final class CapturePermissionException extends IOException {
    private static final long serialVersionUID = 1L;

    public CapturePermissionException(String javaBinary, int errno) {
        super("live capture needs CAP_NET_RAW: run as root or give the java binary the capability"
                + " (setcap cap_net_raw+ep " + javaBinary + ") [" + CaptureLibc.describe("socket(AF_PACKET)", errno)
                + "]");
    }
}
