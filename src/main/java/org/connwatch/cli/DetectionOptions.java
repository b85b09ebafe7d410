package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.detect.DefaultDetectors;
import org.connwatch.detect.Detector;
import org.connwatch.detect.blocklist.Blocklists;
import picocli.CommandLine.Option;

/** The options that choose what the detectors know, shared by {@code ls}, {@code scan} and {@code analyze}. */
final class DetectionOptions {

    @Option(names = "--blocklist", paramLabel = "FILE", split = ",",
            description = "Block lists to check remote addresses and domains against: plain IP/CIDR lists, hosts "
                    + "files, Spamhaus DROP, FireHOL .netset, domain lists (the format is recognised). Repeatable.")
    private List<Path> blocklists = new ArrayList<>();

    /**
     * The detectors to run: the defaults, plus the block-list detector when lists were given.
     * Bad lines in the lists are reported on {@code err}, one line per file.
     *
     * @throws IOException naming a list that cannot be read
     */
    List<Detector> detectors(String command, PrintWriter err) throws IOException {
        if (blocklists.isEmpty()) {
            return DefaultDetectors.all();
        }
        Blocklists lists = Blocklists.load(blocklists);
        lists.notices().forEach(n -> err.println("connwatch " + command + ": note: " + n));
        return DefaultDetectors.with(lists);
    }
}
