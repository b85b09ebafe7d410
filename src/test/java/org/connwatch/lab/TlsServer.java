package org.connwatch.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real HTTPS server: a self-signed certificate made at start (the JDK's keytool, in process
 * when {@code sun.security.tools.keytool} is exported to it, else the keytool binary), TLS 1.2/1.3,
 * and for each HTTP request over a kept-alive connection a 200 with a body of a few KB.
 *
 * <p>{@code TlsServer [--port 443] [--name updates.example.test] [--size 4096]}. Prints
 * {@code listening port=P name=N}, then {@code accept remote=...} and
 * {@code request remote=... sni=... path=...}.
 */
public final class TlsServer {
    private static final char[] PASSWORD = "lab-pass".toCharArray();

    private TlsServer() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            int port = (int) args.number("port", 443);
            String name = args.opt("name", "server.lab.test");
            int size = (int) args.number("size", 4096);
            SSLContext tls = context(name);
            SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port), 256);
            LabProgram.exitOnStdinEnd();
            LabProgram.say("listening port=" + server.getLocalPort() + " name=" + name);
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'a');
            while (true) {
                SSLSocket s = (SSLSocket) server.accept();
                LabProgram.say("accept remote=" + LabProgram.remote(s) + " at=" + System.currentTimeMillis());
                Thread.ofVirtual().start(() -> serve(s, body));
            }
        } catch (Exception e) {
            LabProgram.fail("TlsServer", e);
        }
    }

    private static void serve(SSLSocket s, byte[] body) {
        String remote = LabProgram.remote(s);
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.startHandshake();
            String sni = "-";
            if (s.getSession() instanceof ExtendedSSLSession ext) {
                List<SNIServerName> names = ext.getRequestedServerNames();
                sni = names.stream().filter(SNIHostName.class::isInstance)
                        .map(n -> ((SNIHostName) n).getAsciiName()).collect(Collectors.joining(","));
            }
            while (true) {
                String request = LabProgram.readLine(in);
                if (request == null) {
                    return;
                }
                for (String h; (h = LabProgram.readLine(in)) != null && !h.isEmpty(); ) {
                    // headers ignored
                }
                String[] parts = request.split(" ");
                LabProgram.say("request remote=" + remote + " sni=" + (sni.isEmpty() ? "-" : sni)
                        + " path=" + (parts.length > 1 ? parts[1] : "-") + " protocol=" + s.getSession().getProtocol());
                String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                        + body.length + "\r\nServer: lab\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        } finally {
            LabProgram.say("closed remote=" + remote + " at=" + System.currentTimeMillis());
        }
    }

    /** A TLS context with a fresh self-signed certificate for {@code name}. */
    static SSLContext context(String name) throws Exception {
        Path dir = Files.createTempDirectory("lab-tls");
        Path store = dir.resolve("server.p12");
        try {
            keytool(List.of("-genkeypair", "-alias", "lab", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=" + name + ", O=connwatch lab",
                    "-ext", "SAN=dns:" + name, "-validity", "2", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD),
                    "-noprompt"));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }

    private static void keytool(List<String> args) throws Exception {
        try {
            Class<?> main = Class.forName("sun.security.tools.keytool.Main");
            PrintStream out = System.out;
            System.setOut(System.err); // keytool's chatter must not be taken for the ready line
            try {
                main.getMethod("main", String[].class).invoke(null, (Object) args.toArray(String[]::new));
                return;
            } finally {
                System.setOut(out);
            }
        } catch (IllegalAccessException | ClassNotFoundException | NoSuchMethodException e) {
            // not exported to us: run the binary
        } catch (InvocationTargetException e) {
            throw new IOException("keytool failed: " + e.getCause(), e.getCause());
        }
        Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(Path.of("/dev/stderr").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + String.join(" ", cmd).toLowerCase(Locale.ROOT));
        }
    }
}
