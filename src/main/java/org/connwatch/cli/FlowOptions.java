package org.connwatch.cli;

import java.util.ArrayList;
import java.util.List;
import org.connwatch.records.Cidr;
import org.connwatch.source.capture.flow.FlowSettings;
import org.connwatch.source.capture.flow.LocalNetworks;
import picocli.CommandLine.Option;

/** The options every command that turns packets into flows shares: the local networks and the flow table's size. */
final class FlowOptions {

    @Option(names = "--local-net", paramLabel = "CIDR", split = ",",
            description = "The networks inside the observed site (repeat or comma-separate); they decide inbound, "
                    + "outbound and internal. Default: 10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, fc00::/7, "
                    + "fe80::/10.")
    private List<String> localNets = new ArrayList<>();

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "1000000",
            description = "Keep at most N flows open at once (about 200 bytes each); beyond, the least recently "
                    + "seen flow ends early and is counted. Default: ${DEFAULT-VALUE}.")
    private int maxFlows;

    /** The flow table's settings. */
    FlowSettings settings() {
        if (maxFlows < 1 || maxFlows > FlowSettings.MAX_FLOWS_LIMIT) {
            throw new UsageException("--max-flows must be 1 to " + FlowSettings.MAX_FLOWS_LIMIT + ", not " + maxFlows);
        }
        return FlowSettings.DEFAULTS.withMaxFlows(maxFlows);
    }

    /** The local networks: the ones given, else the private ranges. */
    LocalNetworks localNetworks() {
        if (localNets.isEmpty()) {
            return LocalNetworks.defaults();
        }
        List<Cidr> nets = new ArrayList<>();
        for (String text : localNets) {
            try {
                nets.add(Cidr.parse(text.strip()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--local-net: '" + text + "' is not an address block like 192.168.1.0/24");
            }
        }
        return LocalNetworks.of(nets);
    }
}
