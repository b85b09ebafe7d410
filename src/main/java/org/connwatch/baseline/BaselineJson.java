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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.connwatch.detect.peak.Flow;
import org.connwatch.records.Transport;

/**
 * The JSON form of a {@link Baseline} (format version {@value #VERSION}), streamed with
 * jackson-core. Unknown fields are skipped; an unknown version, a missing field of the wrong
 * type, a bad value or a truncated document is an {@link IOException} that names the source.
 *
 * <p>The optional {@code volumes} field (written only when volumes were learned; a file without it
 * loads with none) holds per host its {@link HourVolumes}: {@code [{"host": "10.0.0.8", "weeks":
 * [{"week": "2026-11-16", "sent": [168 counts], "received": [168 counts]}]}]}, hour 0 being Monday
 * 00:00 UTC and {@code null} an hour not observed.
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
            if (!b.volumes().isEmpty()) {
                writeVolumes(g, b.volumes());
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeVolumes(JsonGenerator g, Map<String, HourVolumes> volumes) throws IOException {
        g.writeArrayFieldStart("volumes");
        for (Map.Entry<String, HourVolumes> e : volumes.entrySet()) {
            g.writeStartObject();
            g.writeStringField("host", e.getKey());
            g.writeArrayFieldStart("weeks");
            for (Map.Entry<LocalDate, long[][]> w : e.getValue().weeks().entrySet()) {
                g.writeStartObject();
                g.writeStringField("week", w.getKey().toString());
                for (Flow flow : Flow.values()) {
                    g.writeArrayFieldStart(flow.past());
                    for (long v : w.getValue()[flow.ordinal()]) {
                        if (v < 0) {
                            g.writeNull();
                        } else {
                            g.writeNumber(v);
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
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
            Map<String, HourVolumes> volumes = new LinkedHashMap<>();
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
                    case "actors" -> objects(t, "actors", () -> actor(actors));
                    case "executables" -> objects(t, "executables", () -> executable(executables));
                    case "volumes" -> objects(t, "volumes", () -> hostVolumes(volumes));
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
            return new Baseline(started, ended, records, actors, executables, droppedActors, droppedExecutables,
                    volumes);
        }

        /** Reads an array of objects, each through {@code element}, positioned on its start token {@code t}. */
        private void objects(JsonToken t, String name, ObjectReader element) throws IOException {
            expect(t, JsonToken.START_ARRAY, "'" + name + "'");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                element.read();
            }
            expect(p.currentToken(), JsonToken.END_ARRAY, "the end of '" + name + "'");
        }

        /** Reads one object of an array; the parser stands on its START_OBJECT. */
        @FunctionalInterface
        private interface ObjectReader {
            void read() throws IOException;
        }

        private void hostVolumes(Map<String, HourVolumes> into) throws IOException {
            String host = null;
            Map<LocalDate, long[][]> weeks = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "host" -> host = text(t, field, false);
                    case "weeks" -> objects(t, "weeks", () -> week(weeks));
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of a host's volumes");
            if (host == null) {
                throw new IllegalArgumentException("volumes have no 'host'");
            }
            if (into.put(host, new HourVolumes(weeks)) != null) {
                throw new IllegalArgumentException("the volumes of " + host + " appear twice");
            }
        }

        private void week(Map<LocalDate, long[][]> into) throws IOException {
            LocalDate week = null;
            long[][] v = new long[2][];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                Flow flow = field.equals(Flow.SENT.past()) ? Flow.SENT
                        : field.equals(Flow.RECEIVED.past()) ? Flow.RECEIVED : null;
                if (field.equals("week")) {
                    week = LocalDate.parse(text(t, field, false));
                } else if (flow != null) {
                    expect(t, JsonToken.START_ARRAY, "'" + field + "'");
                    long[] hours = new long[HourVolumes.HOURS];
                    int n = 0;
                    for (JsonToken h = p.nextToken(); h != JsonToken.END_ARRAY; h = p.nextToken()) {
                        if (n == HourVolumes.HOURS) {
                            throw new IllegalArgumentException("'" + field + "' has more than " + HourVolumes.HOURS
                                    + " hours");
                        }
                        hours[n++] = h == JsonToken.VALUE_NULL ? HourVolumes.UNKNOWN : count(h, field);
                    }
                    if (n != HourVolumes.HOURS) {
                        throw new IllegalArgumentException("'" + field + "' has " + n + " hours, not "
                                + HourVolumes.HOURS);
                    }
                    v[flow.ordinal()] = hours;
                } else {
                    p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of a week");
            if (week == null || v[0] == null || v[1] == null) {
                throw new IllegalArgumentException("a week needs 'week', 'sent' and 'received'");
            }
            if (into.put(week, v) != null) {
                throw new IllegalArgumentException("the week " + week + " appears twice");
            }
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
                    case "destinations" -> objects(t, "destinations", () -> destinations.add(destination()));
                    case "listeners" -> objects(t, "listeners", () -> listeners.add(listener()));
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
