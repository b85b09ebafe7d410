package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.connwatch.baseline.Baseline;
import org.connwatch.baseline.BaselineStore;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Detector;
import org.connwatch.policy.MachineIdentity;
import org.connwatch.policy.PolicyDetectors;
import org.connwatch.policy.PolicyEvaluator;
import org.connwatch.policy.PolicyException;
import org.connwatch.policy.PolicyLoader;
import org.connwatch.policy.PolicyProblem;
import picocli.CommandLine.Option;

/**
 * The options that choose what the detectors know (the policy, block lists, the learned
 * baseline), shared by {@code ls}, {@code scan} and {@code analyze}.
 */
final class DetectionOptions {

    @Option(names = "--policy", paramLabel = "FILE",
            description = "The policy (inventory, roles, rules, detector settings). Default: "
                    + "$XDG_CONFIG_HOME/connwatch/policy.yaml or ~/.config/connwatch/policy.yaml when it exists; "
                    + "see 'connwatch policy init'.")
    private Path policy;

    @Option(names = "--blocklist", paramLabel = "FILE", split = ",",
            description = "Block lists to check remote addresses and domains against, besides those the policy "
                    + "names: plain IP/CIDR lists, hosts files, Spamhaus DROP, FireHOL .netset, domain lists (the "
                    + "format is recognised). Repeatable.")
    private List<Path> blocklists = new ArrayList<>();

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where 'connwatch learn' keeps the baseline of what is normal. Default: "
                    + "$XDG_STATE_HOME/connwatch or ~/.local/state/connwatch.")
    private Path stateDir;

    /** The state directory asked for with {@code --state-dir}, else the default one. */
    Path stateDir() {
        return stateDir != null ? stateDir : BaselineStore.atDefaultLocation().directory();
    }

    /** The policy file asked for with {@code --policy}, when one was. */
    Optional<Path> policy() {
        return Optional.ofNullable(policy);
    }

    /** This machine as the policy's inventory may name it: interface addresses and MACs (loopback left out), host name. */
    static MachineIdentity machineIdentity() {
        List<InetAddress> addresses = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isLoopback()) {
                    continue;
                }
                nic.inetAddresses().filter(a -> !a.isLinkLocalAddress()).forEach(addresses::add);
                byte[] mac = nic.getHardwareAddress();
                if (mac != null && mac.length == 6) {
                    macs.add(java.util.HexFormat.ofDelimiter(":").formatHex(mac));
                }
            }
        } catch (SocketException e) {
            // No interfaces to ask: hosts are then found by their sockets' addresses and the host name.
        }
        return new MachineIdentity(addresses, macs, HostName.local());
    }

    /**
     * The detection engine the policy asks for. A broken policy is refused: each problem is printed
     * on {@code err} ({@code FILE:LINE: FIELD: problem}) and a {@link UsageException} ends the command.
     *
     * @throws IOException naming a block list that cannot be read
     */
    DetectionEngine engine(String command, PrintWriter err) throws IOException {
        return engine(command, err, MachineIdentity.NONE);
    }

    /** As {@link #engine(String, PrintWriter)}, for the sockets of this machine. */
    DetectionEngine engine(String command, PrintWriter err, MachineIdentity machine) throws IOException {
        PolicyEvaluator evaluator;
        try {
            evaluator = PolicyEvaluator.of(PolicyLoader.standard().loadOrDefaults(Optional.ofNullable(policy),
                    System.getenv())).onMachine(machine);
        } catch (PolicyException e) {
            for (PolicyProblem p : e.problems()) {
                err.println(p);
            }
            throw new UsageException("the policy has " + e.problems().size()
                    + " problem(s) (listed above); connwatch does not run with a broken policy");
        }
        BaselineStore store = stateDir == null ? BaselineStore.atDefaultLocation() : new BaselineStore(stateDir);
        Baseline baseline = store.loadOrEmpty();
        List<String> notices = new ArrayList<>();
        DetectionEngine engine = PolicyDetectors.engine(evaluator, blocklists, baseline, notices);
        notices.forEach(n -> err.println("connwatch " + command + ": note: " + n));
        return engine;
    }
}
