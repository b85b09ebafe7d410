package org.connwatch.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The commented policy {@code connwatch policy init} writes: a valid starting point to edit. */
public final class StarterPolicy {
    private static final String RESOURCE = "starter-policy.yaml";

    private StarterPolicy() {
    }

    /** The starter policy's text. */
    public static String text() {
        try (InputStream in = StarterPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the starter policy " + RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the starter policy", e);
        }
    }
}
