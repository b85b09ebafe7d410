package org.connwatch.baseline;

/**
 * How much a baseline may hold, so that learning from a busy host or a huge log stays bounded.
 *
 * @param maxActors                 actors in total
 * @param maxDestinationsPerActor   destinations of one actor
 * @param maxListenersPerActor      listeners of one actor
 * @param maxExecutables            executable paths in total
 * @param maxHashesPerExecutable    hashes kept for one path (an update while learning adds one)
 */
public record BaselineLimits(int maxActors, int maxDestinationsPerActor, int maxListenersPerActor,
                             int maxExecutables, int maxHashesPerExecutable) {

    public BaselineLimits {
        if (maxActors < 1 || maxDestinationsPerActor < 1 || maxListenersPerActor < 1 || maxExecutables < 1
                || maxHashesPerExecutable < 1) {
            throw new IllegalArgumentException("every baseline limit must be at least 1");
        }
    }

    /** 10,000 actors of 1,000 destinations and 256 listeners each, 10,000 executables of 4 hashes. */
    public static BaselineLimits defaults() {
        return new BaselineLimits(10_000, 1_000, 256, 10_000, 4);
    }
}
