package org.connwatch.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * What the lab's traffic programs share: their command lines ({@code positional --key value
 * --flag}), the names they look up at the lab's DNS server ({@code --dns}), their output (one
 * line at a time, the first when ready) and their stop signal: each stops when its standard
 * input ends, so it also dies with the JVM that started it.
 */
final class LabProgram {
    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static volatile Consumer<String> commands = line -> { };
    private static volatile Runnable onStop = () -> System.exit(0);

    private LabProgram() {
    }

    /** A parsed command line. */
    record Args(List<String> positional, Map<String, String> options) {
        static Args parse(String[] args) {
            List<String> pos = new ArrayList<>();
            Map<String, String> opts = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--")) {
                    String key = a.substring(2);
                    if (key.contains("=")) {
                        opts.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        opts.put(key, args[++i]);
                    } else {
                        opts.put(key, "true");
                    }
                } else {
                    pos.add(a);
                }
            }
            return new Args(List.copyOf(pos), Map.copyOf(opts));
        }

        String arg(int i, String usage) {
            if (i >= positional.size()) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            return positional.get(i);
        }

        String opt(String key, String fallback) {
            return options.getOrDefault(key, fallback);
        }

        long number(String key, long fallback) {
            String v = options.get(key);
            return v == null ? fallback : Long.parseLong(v.replace("_", ""));
        }

        boolean flag(String key) {
            return Boolean.parseBoolean(options.getOrDefault(key, "false"));
        }
    }

    /**
     * The address of a host named on a command line: with {@code --dns SERVER[:PORT]}, looked up
     * at the lab's DNS server (a real query on the wire, which a capture sees); without, an IP
     * literal.
     */
    static InetAddress address(Args args, String host) throws IOException {
        String dns = args.options().get("dns");
        return dns == null ? InetAddress.ofLiteral(host) : DnsClient.resolve(dns, host);
    }

    /** Prints one line (whole, flushed). */
    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /**
     * Watches standard input: each line goes to {@code commandHandler}; at its end, {@code stop}
     * runs (default: exit 0) and {@link #awaitStop()} returns.
     */
    static void watchStdin(Consumer<String> commandHandler, Runnable stop) {
        commands = commandHandler;
        onStop = stop;
        Thread.ofPlatform().daemon().name("stdin").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    commands.accept(line.strip());
                }
            } catch (IOException e) {
                // treat as the end
            }
            STOPPED.countDown();
            onStop.run();
        });
    }

    /** Exits 0 when standard input ends. */
    static void exitOnStdinEnd() {
        watchStdin(line -> { }, () -> System.exit(0));
    }

    /** True once standard input ended. */
    static boolean stopping() {
        return STOPPED.getCount() == 0;
    }

    /** Blocks until standard input ends. */
    static void awaitStop() throws InterruptedException {
        STOPPED.await();
    }

    /** Sleeps, returning early (false) when asked to stop. */
    static boolean sleep(long millis) throws InterruptedException {
        return !STOPPED.await(Math.max(0, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** {@code ip:port} of a socket address. */
    static String text(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    static String local(Socket s) {
        return text(s.getLocalSocketAddress());
    }

    static String remote(Socket s) {
        return text(s.getRemoteSocketAddress());
    }

    /** Reports a failure on stderr and exits 1 (the lab quotes stderr when a program fails). */
    static void fail(String program, Throwable e) {
        System.err.println(program + ": " + e);
        e.printStackTrace();
        System.exit(1);
    }

    /** Reads a CRLF- or LF-terminated line of ASCII; null at the end of the stream. */
    static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
            if (sb.length() > 16_384) {
                throw new IOException("line too long");
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
