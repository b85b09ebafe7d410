package org.connwatch.present.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Supplier;
import org.connwatch.policy.MachineIdentity;
import org.connwatch.policy.PolicyEvaluator;
import org.connwatch.policy.PolicyException;
import org.connwatch.policy.PolicyLoader;

/**
 * The policy in force, read from its file and read again when the file changes (an allow from the
 * dashboard appends a rule): what {@link PolicyRules} asks for the inspect views. A file that does not
 * load keeps the last policy that did (none before the first); a missing file is no policy. Thread-safe.
 */
public final class PolicyFileRules implements Supplier<PolicyEvaluator> {
    private final Path file;
    private final PolicyLoader loader;
    private final MachineIdentity machine;
    private FileTime loadedAt;
    private long loadedSize = -1;
    private PolicyEvaluator current;

    public PolicyFileRules(Path file, PolicyLoader loader, MachineIdentity machine) {
        this.file = Objects.requireNonNull(file, "file");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.machine = Objects.requireNonNull(machine, "machine");
    }

    /** The rules of the policy in {@code file}, for this machine's sockets. */
    public static ApplicableRules of(Path file, MachineIdentity machine) {
        return new PolicyRules(new PolicyFileRules(file, PolicyLoader.standard(), machine));
    }

    @Override
    public synchronized PolicyEvaluator get() {
        try {
            if (!Files.isRegularFile(file)) {
                current = null;
                loadedAt = null;
                return null;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (!modified.equals(loadedAt) || size != loadedSize) {
                loadedAt = modified;
                loadedSize = size;
                current = new PolicyEvaluator(loader.load(file), ZoneId.systemDefault(), machine);
            }
        } catch (IOException | PolicyException e) {
            // Keep the last policy that loaded; the monitor reports a policy that does not load.
        }
        return current;
    }
}
