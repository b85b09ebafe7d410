package org.connwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.policy.Policies.ip;
import static org.connwatch.policy.Policies.outbound;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** This machine's own sockets take the role of the inventory entry that names the machine. */
class MachineIdentityTest {
    private static final String POLICY = String.join("\n",
            "version: 1",
            "inventory:",
            "  - {name: by-mac, role: printer, mac: 3C-2A-F4-00-11-22}",
            "  - {name: by-name, role: camera, hostname: 'cam-*'}",
            "  - {name: by-ip, role: server, ip: 10.9.9.9}",
            "");

    private static PolicyEvaluator on(MachineIdentity machine) throws PolicyException {
        return new PolicyEvaluator(Policies.parse(POLICY), ZoneOffset.UTC).onMachine(machine);
    }

    @Test
    void aMachineNamedByItsMacOrHostNameGivesItsRoleToEverySocketOfIt() throws PolicyException {
        var unlisted = outbound("192.168.7.7", "203.0.113.9", 443);
        assertThat(on(new MachineIdentity(List.of(ip("192.168.7.7")), List.of("3c:2a:f4:00:11:22"), "laptop"))
                .roleOf(unlisted).name()).isEqualTo("printer");
        assertThat(on(new MachineIdentity(List.of(), List.of("aa:bb:cc:dd:ee:ff"), "cam-frontdoor"))
                .roleOf(unlisted).name()).isEqualTo("camera");
    }

    @Test
    void anAddressTheInventoryNamesWinsAndRecordsOfOtherHostsGetNoMachineRole() throws PolicyException {
        var named = outbound("10.9.9.9", "203.0.113.9", 443);
        assertThat(on(new MachineIdentity(List.of(), List.of("3c:2a:f4:00:11:22"), null)).roleOf(named).name())
                .isEqualTo("server");
        var unlisted = outbound("192.168.7.7", "203.0.113.9", 443);
        assertThat(on(MachineIdentity.NONE).roleOf(unlisted).name()).isEqualTo("unknown");
        assertThat(on(new MachineIdentity(List.of(), List.of("aa:bb:cc:dd:ee:ff"), "laptop")).roleOf(unlisted)
                .name()).as("no entry names this machine").isEqualTo("unknown");
    }
}
