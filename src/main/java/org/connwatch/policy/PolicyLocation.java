package org.connwatch.policy;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where connwatch looks for the policy when none is named: {@code $XDG_CONFIG_HOME/connwatch/policy.yaml}. */
public final class PolicyLocation {
    private PolicyLocation() {
    }

    /**
     * {@code $XDG_CONFIG_HOME/connwatch/policy.yaml} when that variable holds an absolute path, else
     * {@code $HOME/.config/connwatch/policy.yaml}; empty when neither is known.
     */
    public static Optional<Path> defaultFile(Map<String, String> env) {
        try {
            String xdg = env.get("XDG_CONFIG_HOME");
            if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
                return Optional.of(Path.of(xdg, "connwatch", "policy.yaml"));
            }
            String home = env.get("HOME");
            if (home == null || home.isBlank()) {
                home = System.getProperty("user.home");
            }
            return home == null || home.isBlank() ? Optional.empty()
                    : Optional.of(Path.of(home, ".config", "connwatch", "policy.yaml"));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
