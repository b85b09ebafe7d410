package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.connwatch.act.alert.AlertDispatcher;
import org.connwatch.act.alert.AlertLimits;
import org.connwatch.act.alert.AlertSettings;
import org.connwatch.act.alert.AlertTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class AlertOptionsTest {
    @TempDir
    Path dir;

    /** A command that mixes the options in, as {@code serve} does. */
    @Command(name = "serve")
    static final class Serve {
        @Mixin
        AlertOptions alerts;
    }

    private static AlertOptions parse(String... args) {
        Serve serve = new Serve();
        new CommandLine(serve).parseArgs(args);
        return serve.alerts;
    }

    @Test
    void everyTargetFormAndTheLimits() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "abc.DEF-123\n");
        AlertSettings s = parse("--alert", "stdout", "--alert", "syslog", "--alert", "syslog:udp://192.0.2.10",
                "--alert", "syslog:udp://[2001:db8::1]:1514", "--alert", "syslog:unix:/run/log.sock",
                "--alert", "webhook:https://hooks.example.org/x?y=1", "--alert", "desktop",
                "--alert-quiet", "2h30m", "--alert-burst", "5", "--alert-refill", "30s",
                "--alert-header", "X-Team: ops", "--alert-token-file", token.toString()).settings();
        assertThat(s.targets()).containsExactly(new AlertTarget.Stdout(),
                new AlertTarget.SyslogUnix(Path.of("/dev/log")), new AlertTarget.SyslogUdp("192.0.2.10", 514),
                new AlertTarget.SyslogUdp("2001:db8::1", 1514), new AlertTarget.SyslogUnix(Path.of("/run/log.sock")),
                new AlertTarget.Webhook(URI.create("https://hooks.example.org/x?y=1")), new AlertTarget.Desktop());
        assertThat(s.limits()).isEqualTo(new AlertLimits(Duration.ofMinutes(150), 5, Duration.ofSeconds(30)));
        assertThat(s.webhookHeaders()).isEqualTo(Map.of("X-Team", "ops", "Authorization", "Bearer abc.DEF-123"));
        assertThat(s.syslogMaxBytes()).isEqualTo(2048);
    }

    @Test
    void theDefaultsAreNoTargetsAnHourOfQuietAndTenAtOnceThenOneAMinute() throws Exception {
        AlertSettings s = parse().settings();
        assertThat(s.targets()).isEmpty();
        assertThat(s.limits()).isEqualTo(AlertLimits.DEFAULTS);
        try (AlertDispatcher d = parse().dispatcher(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))) {
            assertThat(d.sinkNames()).isEmpty();
            assertThat(d.counts()).isEmpty();
        }
    }

    @Test
    void badValuesGiveOneLineNamingWhatIsWrong() {
        assertThatThrownBy(() -> parse("--alert", "email:me@example.org").settings())
                .isInstanceOf(UsageException.class)
                .hasMessage("--alert 'email:me@example.org': expected stdout, syslog[:udp://HOST[:PORT]|unix:PATH], "
                        + "webhook:URL or desktop");
        assertThatThrownBy(() -> parse("--alert", "syslog:tcp://x").settings())
                .hasMessage("--alert 'syslog:tcp://x': syslog takes udp://HOST[:PORT] or unix:PATH");
        assertThatThrownBy(() -> parse("--alert", "syslog:udp://host:99999").settings())
                .hasMessageContaining("the port must be 1..65535");
        assertThatThrownBy(() -> parse("--alert", "syslog:unix:relative").settings())
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> parse("--alert", "webhook:ftp://example.org/").settings())
                .hasMessageContaining("expected webhook:http://... or webhook:https://...");
        assertThatThrownBy(() -> parse("--alert", "webhook:http://exa mple").settings())
                .hasMessageStartingWith("--alert 'webhook:http://exa mple': not a URL");
        assertThatThrownBy(() -> parse("--alert-burst", "0").settings())
                .hasMessage("--alert-burst must be 1 to 100000, not 0");
        assertThatThrownBy(() -> parse("--alert-refill", "0s").settings())
                .hasMessage("--alert-refill must be longer than 0");
        assertThatThrownBy(() -> parse("--alert-header", "no colon").settings())
                .hasMessageStartingWith("--alert-header 'no colon' is not NAME: VALUE");
        assertThatThrownBy(() -> parse("--alert-header", "Host: evil").settings())
                .hasMessage("--alert-header: the HTTP client sets 'Host' itself");
        assertThatThrownBy(() -> parse("--alert-token-file", dir.resolve("missing").toString()).settings())
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> parse("--alert-syslog-max", "100").settings())
                .hasMessage("--alert-syslog-max must be 480 to 65000, not 100");
    }

    @Test
    void aBadDurationIsAParameterErrorOfPicocli() {
        assertThatThrownBy(() -> parse("--alert-quiet", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'soon' is not a duration like 8h, 90m or 1h30m");
    }

    @Test
    void anUnknownSyslogHostFailsToOpen() {
        AlertOptions o = parse("--alert", "syslog:udp://no-such-host.invalid:514");
        assertThatThrownBy(() -> o.dispatcher(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("syslog host 'no-such-host.invalid' cannot be resolved");
        assertThat(List.of()).isEmpty();
    }
}
