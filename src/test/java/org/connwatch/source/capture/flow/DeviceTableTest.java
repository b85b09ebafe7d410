package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.connwatch.records.Device;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;

class DeviceTableTest {
    private static final InetAddress PRINTER = IpAddresses.parse("192.168.1.20");
    private static final InetAddress LAPTOP = IpAddresses.parse("192.168.1.21");
    private static final long PRINTER_MAC = 0x02_00_00_00_00_20L;
    private static final long LAPTOP_MAC = 0x02_00_00_00_00_21L;

    private static void learn(DeviceTable t, InetAddress a, long mac) {
        t.learnAddress(IpBits.hi(a), IpBits.lo(a), mac);
    }

    @Test
    void recordsShareADeviceUntilWhatIsKnownOfItChanges() {
        DeviceTable table = new DeviceTable(100);
        assertThat(table.device(PRINTER)).isSameAs(Device.NONE);
        learn(table, PRINTER, PRINTER_MAC);
        learn(table, LAPTOP, LAPTOP_MAC);

        Device first = table.device(PRINTER);
        assertThat(first).isEqualTo(new Device("02:00:00:00:00:20", null, null));
        assertThat(table.device(PRINTER)).isSameAs(first);
        assertThat(table.device(LAPTOP).mac()).isEqualTo("02:00:00:00:00:21");

        table.learnIdentity(PRINTER_MAC, "printer", null);
        Device named = table.device(PRINTER);
        assertThat(named).isEqualTo(new Device("02:00:00:00:00:20", "printer", null));
        assertThat(table.device(PRINTER)).isSameAs(named);
        assertThat(first.hostName()).isNull(); // what a record already holds does not change

        table.learnIdentity(PRINTER_MAC, null, "HP LaserJet");
        assertThat(table.device(PRINTER)).isEqualTo(new Device("02:00:00:00:00:20", "printer", "HP LaserJet"));

        learn(table, PRINTER, LAPTOP_MAC); // the address moved to another device
        assertThat(table.device(PRINTER).mac()).isEqualTo("02:00:00:00:00:21");
    }

    @Test
    void devicesOfManyMacsComeBackRightThoughTheyShareTheCachesBuckets() {
        DeviceTable table = new DeviceTable(10_000);
        for (int i = 0; i < 5000; i++) {
            InetAddress a = IpAddresses.parse("10.0." + (i >> 8) + "." + (i & 0xff));
            learn(table, a, 0x02_00_00_00_00_00L | i);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                InetAddress a = IpAddresses.parse("10.0." + (i >> 8) + "." + (i & 0xff));
                assertThat(table.device(a).mac()).isEqualTo(DeviceTable.formatMac(0x02_00_00_00_00_00L | i));
            }
        }
    }
}
