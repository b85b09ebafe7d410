package org.connwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks that the build's short fuzz run (the {@code short-fuzz} profile of pom.xml, one surefire
 * execution per target because Jazzer fuzzes one {@code @FuzzTest} per JVM) names every
 * {@code @FuzzTest} method of the test classes, and nothing else: a new fuzz target is fuzzed by
 * every build, not only replayed.
 */
class FuzzTargetsInBuildTest {
    private static final String PROFILE = "short-fuzz";

    @Test
    void everyFuzzTestHasAnExecutionInTheShortFuzzRun() throws Exception {
        TreeSet<String> targets = fuzzTestMethods();
        List<Element> executions = shortFuzzExecutions();
        TreeSet<String> listed = new TreeSet<>();
        for (Element execution : executions) {
            String test = child(execution, "test");
            listed.add(test);
            String dir = test.replace('#', '-');
            assertThat(child(execution, "id")).as("id of %s", test).isEqualTo("fuzz-" + dir);
            assertThat(child(execution, "phase")).as("phase of %s", test).isEqualTo("integration-test");
            assertThat(child(execution, "workingDirectory")).as("working directory of %s", test)
                    .isEqualTo("${fuzz.dir}/" + dir);
            assertThat(child(execution, "reportsDirectory")).as("reports of %s", test).isEqualTo("${fuzz.dir}/" + dir);
            assertThat(child(execution, "JAZZER_FUZZ")).as("JAZZER_FUZZ of %s", test).isEqualTo("1");
            assertThat(child(execution, "argLine")).as("argLine of %s", test).isEqualTo("${fuzz.argLine}");
        }
        assertThat(targets).as("the @FuzzTest methods found").contains("CaptureFileFuzzTest#anyPcap");
        assertThat(listed.size()).as("executions naming the same target twice").isEqualTo(executions.size());
        TreeSet<String> missing = new TreeSet<>(targets);
        missing.removeAll(listed);
        assertThat(missing).as("@FuzzTest methods without an execution in the %s profile of pom.xml"
                + " (copy one and change its Class#method)", PROFILE).isEmpty();
        TreeSet<String> stale = new TreeSet<>(listed);
        stale.removeAll(targets);
        assertThat(stale).as("executions of the %s profile naming no @FuzzTest method", PROFILE).isEmpty();
    }

    /** Every method annotated with {@code @FuzzTest} in the compiled test classes, as SimpleClass#method. */
    private static TreeSet<String> fuzzTestMethods() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(FuzzTargetsInBuildTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.map(f -> root.relativize(f).toString())
                    .filter(f -> f.endsWith(".class") && !f.equals("module-info.class"))
                    .forEach(f -> names.add(f.substring(0, f.length() - ".class".length()).replace('/', '.')));
        }
        TreeSet<String> targets = new TreeSet<>();
        ClassLoader loader = FuzzTargetsInBuildTest.class.getClassLoader();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, loader);
            for (Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(FuzzTest.class)) {
                    targets.add(type.getSimpleName() + "#" + m.getName());
                }
            }
        }
        return targets;
    }

    /** The surefire executions of the short-fuzz profile in the project's pom.xml. */
    private static List<Element> shortFuzzExecutions() throws Exception {
        Path pom = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("pom.xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(pom.toFile());
        NodeList profiles = doc.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (PROFILE.equals(child(profile, "id"))) {
                NodeList executions = profile.getElementsByTagName("execution");
                List<Element> found = new ArrayList<>();
                for (int j = 0; j < executions.getLength(); j++) {
                    found.add((Element) executions.item(j));
                }
                return found;
            }
        }
        throw new AssertionError("no profile " + PROFILE + " in " + pom);
    }

    /** The text of the first element of that name under {@code parent}, trimmed, or null. */
    private static String child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
