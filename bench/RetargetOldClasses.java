// Copies a jar, rewriting every class whose class-file version is older than 50 (Java 6) as version 52
// (Java 8) with generated stack maps, using the JDK's ClassFile API. Used by bench/run-ls-benchmark to
// measure one suggestion: the JDK 25 AOT cache skips "old" classes (picocli 4.7 is compiled for Java 5,
// class-file version 49: "Skipping picocli/...: Old class has been linked"), so every run of connwatch
// loads and verifies picocli's classes from its jar.
//
//   java bench/RetargetOldClasses.java IN.jar OUT.jar
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

public final class RetargetOldClasses {
    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
             ZipFile zip = new ZipFile(in.toFile());
             ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                    .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            int rewritten = 0;
            for (ZipEntry e : Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")
                        && !e.getName().endsWith("module-info.class")) {
                    ClassModel m = cf.parse(bytes);
                    if (m.majorVersion() < 50) {
                        // Re-emitting each method body makes the ClassFile API compute stack maps.
                        bytes = cf.transformClass(m, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen((b, el) -> {
                                    if (el instanceof ClassFileVersion) {
                                        b.withVersion(52, 0);
                                    } else {
                                        b.with(el);
                                    }
                                }));
                        rewritten++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                z.putNextEntry(copy);
                z.write(bytes);
                z.closeEntry();
            }
            System.err.println("RetargetOldClasses: rewrote " + rewritten + " class(es) of " + in.getFileName());
        }
    }
}
