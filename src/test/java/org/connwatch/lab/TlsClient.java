package org.connwatch.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An HTTPS client: looks the host up (with {@code --dns}, at the lab's DNS server), connects with
 * SNI set to a given name, sends a GET with that name as Host, reads the reply; with {@code --hold}
 * keeps the connection open until stopped, repeating the request every {@code --every} ms if
 * given. It trusts any certificate: the lab's servers are self-signed.
 *
 * <p>{@code TlsClient HOST PORT SNI [--dns SERVER] [--path /] [--hold] [--every MS]}, HOST a name
 * with {@code --dns}, else an IP. Prints
 * {@code connected local=IP:PORT remote=IP:PORT sni=NAME protocol=TLSv1.3 status=200 bytes=N}.
 */
public final class TlsClient {
    private TlsClient() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "TlsClient HOST PORT SNI [--dns SERVER] [--path /] [--hold] [--every MS]";
            String host = args.arg(0, usage);
            int port = Integer.parseInt(args.arg(1, usage));
            String sni = args.arg(2, usage);
            String path = args.opt("path", "/");
            boolean hold = args.flag("hold");
            long every = args.number("every", 0);
            LabProgram.watchStdin(line -> { }, () -> { });
            InetAddress ip = LabProgram.address(args, host);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(ip, port), 5000);
                s.setSoTimeout(10_000);
                SSLParameters params = s.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName(sni)));
                s.setSSLParameters(params);
                s.startHandshake();
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int[] reply = get(in, out, sni, path);
                LabProgram.say("connected local=" + LabProgram.local(s) + " remote=" + LabProgram.remote(s)
                        + " sni=" + sni + " protocol=" + s.getSession().getProtocol() + " status=" + reply[0]
                        + " bytes=" + reply[1]);
                if (hold) {
                    s.setSoTimeout(0);
                    while (every > 0 ? LabProgram.sleep(every) : !waitForStop()) {
                        get(in, out, sni, path);
                    }
                }
            }
            System.exit(0);
        } catch (Exception e) {
            LabProgram.fail("TlsClient", e);
        }
    }

    private static boolean waitForStop() throws InterruptedException {
        LabProgram.awaitStop();
        return true;
    }

    /** Sends a GET and reads the reply: returns {status, body length}. */
    private static int[] get(InputStream in, OutputStream out, String host, String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: lab-client\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = LabProgram.readLine(in);
        if (status == null) {
            throw new IOException("no reply from " + host);
        }
        int length = 0;
        for (String h; (h = LabProgram.readLine(in)) != null && !h.isEmpty(); ) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return new int[] {Integer.parseInt(status.split(" ")[1]), length};
    }

    /** Trusts every certificate: only for the lab's self-signed servers. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
