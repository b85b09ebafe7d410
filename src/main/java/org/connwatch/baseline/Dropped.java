package org.connwatch.baseline;

/**
 * What learning left out because a cap was reached, counted in records turned away (a record seen
 * twice counts twice): of actors beyond the total, destinations and listeners beyond an actor's
 * share, and executables (or extra hashes of one) beyond theirs.
 */
public record Dropped(long actors, long destinations, long listeners, long executables) {
    /** Nothing dropped. */
    public static final Dropped NONE = new Dropped(0, 0, 0, 0);

    public Dropped {
        if (actors < 0 || destinations < 0 || listeners < 0 || executables < 0) {
            throw new IllegalArgumentException("dropped counts must not be negative");
        }
    }

    /** True when nothing was dropped. */
    public boolean none() {
        return actors == 0 && destinations == 0 && listeners == 0 && executables == 0;
    }
}
