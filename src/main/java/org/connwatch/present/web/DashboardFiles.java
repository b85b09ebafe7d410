package org.connwatch.present.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's pages, scripts and styles, and Chart.js from its WebJar: a fixed list of files
 * read from the jar once at start and served from memory (no path from a request ever reaches the
 * class path). Pages are {@code /}, {@code /connections}, {@code /inspect} and {@code /usage}.
 * Immutable after construction.
 */
final class DashboardFiles {
    static final String BASE = "/org/connwatch/present/web/static/";
    /** Pages: the path served and the file. */
    static final Map<String, String> PAGES = Map.of("/", "index.html", "/connections", "connections.html",
            "/inspect", "inspect.html", "/usage", "usage.html");
    /** Scripts and styles under /static/. */
    static final List<String> ASSETS = List.of("app.css", "api.js", "dom.js", "format.js", "chart.js", "findings.js",
            "overview.js", "connections.js", "inspect.js", "usage.js", "favicon.svg");
    /** Chart.js, pinned in the pom as a WebJar, served as {@value #CHART_PATH}. */
    static final String CHART_PATH = "/vendor/chart.umd.min.js";

    private final Map<String, File> files = new LinkedHashMap<>();

    /** A file in memory with its type and a strong ETag. */
    private record File(byte[] bytes, String type, String etag) {
    }

    DashboardFiles() {
        PAGES.forEach((path, name) -> files.put(path, load(BASE + name)));
        for (String a : ASSETS) {
            files.put("/static/" + a, load(BASE + a));
        }
        files.put(CHART_PATH, load("/META-INF/resources/webjars/chart.js/" + webjarVersion("chart.js")
                + "/dist/chart.umd.min.js"));
    }

    List<ApiRoute> routes() {
        return files.keySet().stream().map(path -> ApiRoute.get(path, ctx -> serve(ctx, files.get(path)))).toList();
    }

    private static void serve(Context ctx, File f) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", f.etag());
        if (f.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(f.type()).result(f.bytes());
    }

    private static File load(String resource) {
        try (InputStream in = DashboardFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + resource + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12)
                    + "\"";
            return new File(bytes, type(resource), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }

    /** The version of an npm WebJar on the class path, from its pom.properties. */
    static String webjarVersion(String artifact) {
        String res = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = DashboardFiles.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + artifact + " is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
