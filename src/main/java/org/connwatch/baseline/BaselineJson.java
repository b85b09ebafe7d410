package org.connwatch.baseline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.connwatch.records.Transport;

/**
 * The JSON form of a {@link Baseline} (format version {@value #VERSION}), streamed with
 * jackson-core. Unknown fields are skipped; an unknown version, a missing field of the wrong
 * type, a bad value or a truncated document is an {@link IOException} that names the source.
 */
public final class BaselineJson {
    /** The format version written, and the only one read. */
    public static final int VERSION = 1;

    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build())
            .build();

    /** Writes a baseline as one pretty-printed JSON document (the stream is left open). */
    public void write(Baseline b, OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("started", b.started().map(Instant::toString).orElse(null));
            g.writeStringField("ended", b.ended().map(Instant::toString).orElse(null));
            g.writeNumberField("records", b.records());
            g.writeObjectFieldStart("dropped");
            g.writeNumberField("actors", b.droppedActors());
            g.writeNumberField("executables", b.droppedExecutables());
            g.writeEndObject();
            g.writeArrayFieldStart("actors");
            for (Map.Entry<Actor, ActorProfile> e : b.actors().entrySet()) {
                writeActor(g, e.getKey(), e.getValue());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("executables");
            for (Map.Entry<String, Set<String>> e : b.executables().entrySet()) {
                g.writeStartObject();
                g.writeStringField("path", e.getKey());
                g.writeArrayFieldStart("sha256");
                for (String h : e.getValue()) {
                    g.writeString(h);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeActor(JsonGenerator g, Actor a, ActorProfile p) throws IOException {
        g.writeStartObject();
        g.writeStringField("program", a.program());
        g.writeStringField("host", a.host());
        g.writeNumberField("records", p.records());
        g.writeArrayFieldStart("destinations");
        for (Destination d : p.destinations()) {
            g.writeStartObject();
            g.writeStringField("block", d.block());
            g.writeStringField("domain", d.domain());
            g.writeStringField("transport", d.transport().label());
            g.writeNumberField("port", d.port());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("listeners");
        for (Listener l : p.listeners()) {
            g.writeStartObject();
            g.writeStringField("transport", l.transport().label());
            g.writeNumberField("port", l.port());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("dropped_destinations", p.droppedDestinations());
        g.writeNumberField("dropped_listeners", p.droppedListeners());
        g.writeEndObject();
    }

    /**
     * Reads a baseline.
     *
     * @param source what to call the input in messages (the file name)
     * @throws IOException naming {@code source} when the document is not a baseline this version reads
     */
    public Baseline read(InputStream in, String source) throws IOException {
        try (JsonParser p = json.createParser(in)) {
            Baseline b = new Reader(p).document();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the baseline");
            }
            return b;
        } catch (VersionException e) {
            throw new IOException("baseline " + source + " has format version " + e.getMessage()
                    + ", but this connwatch reads version " + VERSION + " only; learn again with --reset"
                    + " (or use the connwatch that wrote it)", e);
        } catch (IOException | IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
            throw new IOException("baseline " + source + " is corrupt or truncated: " + oneLine(e), e);
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A version this code does not read; the message is the version found. */
    private static final class VersionException extends RuntimeException {
        VersionException(String version) {
            super(version);
        }
    }

    /** Reads one document, field by field. */
    private record Reader(JsonParser p) {

        Baseline document() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the document");
            Integer version = null;
            Instant started = null;
            Instant ended = null;
            long records = -1;
            long droppedActors = 0;
            long droppedExecutables = 0;
            Map<Actor, ActorProfile> actors = new LinkedHashMap<>();
            Map<String, Set<String>> executables = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (version == null && !field.equals("version")) {
                    throw new IllegalArgumentException("the document does not start with its version");
                }
                switch (field) {
                    case "version" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT) {
                            throw new IllegalArgumentException("'version' is not a number");
                        }
                        if (p.getLongValue() != VERSION) {
                            throw new VersionException(p.getText());
                        }
                        version = VERSION;
                    }
                    case "started" -> started = instant(t, field);
                    case "ended" -> ended = instant(t, field);
                    case "records" -> records = count(t, field);
                    case "dropped" -> {
                        expect(t, JsonToken.START_OBJECT, "'dropped'");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            JsonToken v = p.nextToken();
                            switch (name) {
                                case "actors" -> droppedActors = count(v, "dropped.actors");
                                case "executables" -> droppedExecutables = count(v, "dropped.executables");
                                default -> p.skipChildren();
                            }
                        }
                    }
                    case "actors" -> {
                        expect(t, JsonToken.START_ARRAY, "'actors'");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            actor(actors);
                        }
                        expect(p.currentToken(), JsonToken.END_ARRAY, "the end of 'actors'");
                    }
                    case "executables" -> {
                        expect(t, JsonToken.START_ARRAY, "'executables'");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            executable(executables);
                        }
                        expect(p.currentToken(), JsonToken.END_ARRAY, "the end of 'executables'");
                    }
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of the document");
            if (version == null) {
                throw new IllegalArgumentException("it has no 'version'");
            }
            if (records < 0) {
                throw new IllegalArgumentException("it has no 'records'");
            }
            return new Baseline(started, ended, records, actors, executables, droppedActors, droppedExecutables);
        }

        private void actor(Map<Actor, ActorProfile> into) throws IOException {
            String program = null;
            String host = null;
            long records = 0;
            long droppedDestinations = 0;
            long droppedListeners = 0;
            List<Destination> destinations = new ArrayList<>();
            List<Listener> listeners = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "program" -> program = text(t, field, true);
                    case "host" -> host = text(t, field, false);
                    case "records" -> records = count(t, field);
                    case "dropped_destinations" -> droppedDestinations = count(t, field);
                    case "dropped_listeners" -> droppedListeners = count(t, field);
                    case "destinations" -> {
                        expect(t, JsonToken.START_ARRAY, "'destinations'");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            destinations.add(destination());
                        }
                        expect(p.currentToken(), JsonToken.END_ARRAY, "the end of 'destinations'");
                    }
                    case "listeners" -> {
                        expect(t, JsonToken.START_ARRAY, "'listeners'");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            listeners.add(listener());
                        }
                        expect(p.currentToken(), JsonToken.END_ARRAY, "the end of 'listeners'");
                    }
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of an actor");
            if (host == null) {
                throw new IllegalArgumentException("an actor has no 'host'");
            }
            Actor actor = new Actor(program, host);
            if (into.put(actor, new ActorProfile(destinations, listeners, records, droppedDestinations,
                    droppedListeners)) != null) {
                throw new IllegalArgumentException("the actor " + actor + " appears twice");
            }
        }

        private Destination destination() throws IOException {
            String block = null;
            String domain = null;
            Transport transport = null;
            int port = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "block" -> block = text(t, field, false);
                    case "domain" -> domain = text(t, field, true);
                    case "transport" -> transport = transport(t);
                    case "port" -> port = port(t);
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of a destination");
            if (block == null || transport == null || port < 0) {
                throw new IllegalArgumentException("a destination needs 'block', 'transport' and 'port'");
            }
            return new Destination(block, domain, transport, port);
        }

        private Listener listener() throws IOException {
            Transport transport = null;
            int port = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "transport" -> transport = transport(t);
                    case "port" -> port = port(t);
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of a listener");
            if (transport == null || port < 0) {
                throw new IllegalArgumentException("a listener needs 'transport' and 'port'");
            }
            return new Listener(transport, port);
        }

        private void executable(Map<String, Set<String>> into) throws IOException {
            String path = null;
            Set<String> hashes = new LinkedHashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "path" -> path = text(t, field, false);
                    case "sha256" -> {
                        expect(t, JsonToken.START_ARRAY, "'sha256'");
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            hashes.add(p.getText());
                        }
                        expect(p.currentToken(), JsonToken.END_ARRAY, "the end of 'sha256'");
                    }
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of an executable");
            if (path == null) {
                throw new IllegalArgumentException("an executable has no 'path'");
            }
            into.put(path, hashes);
        }

        private String text(JsonToken t, String field, boolean nullable) throws IOException {
            if (t == JsonToken.VALUE_NULL && nullable) {
                return null;
            }
            if (t != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("'" + field + "' is not a string");
            }
            return p.getText();
        }

        private Instant instant(JsonToken t, String field) throws IOException {
            String s = text(t, field, true);
            return s == null ? null : Instant.parse(s);
        }

        private long count(JsonToken t, String field) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
                throw new IllegalArgumentException("'" + field + "' is not a count");
            }
            return p.getLongValue();
        }

        private int port(JsonToken t) throws IOException {
            long v = count(t, "port");
            if (v > 65535) {
                throw new IllegalArgumentException("port " + v + " is out of range");
            }
            return (int) v;
        }

        private Transport transport(JsonToken t) throws IOException {
            String s = text(t, "transport", false);
            try {
                return Transport.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown transport '" + s + "'");
            }
        }

        private static void expect(JsonToken actual, JsonToken wanted, String what) {
            if (actual != wanted) {
                throw new IllegalArgumentException("expected " + what + " (" + wanted + ") but found "
                        + (actual == null ? "the end of the input" : actual));
            }
        }
    }
}
