import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.Opcodes;

/**
 * Package-time step of the extracted application (docs/startup.md), run by `mvn package` before the start-up
 * training: rewrites, in place, every jar of LIB_DIR that holds class files older than Java 6 (major version
 * below 50) so that those classes are Java 8 class files with stack map frames. Neither the class-data-sharing
 * archive nor the AOT cache can hold such old classes (they need the old type-inferring verifier), so they were
 * parsed and verified again at every start: picocli 4.7.7 is compiled for Java 5, and its 163 classes were
 * the largest group of the command's classes loaded from a jar instead of the archive. The bytecode itself is
 * unchanged; ASM (Spring's copy, in LIB_DIR) only computes the frames the new verifier checks. A jar that is
 * signed, or whose classes ASM cannot rewrite, is left as it was, with a warning: it then loads as before.
 * Only the extracted application is changed; the fat jar keeps the original jars.
 *
 * <pre>java -cp 'LIB_DIR/*' RetargetOldClasses.java LIB_DIR</pre>
 */
public final class RetargetOldClasses {

    /** The first class file version the split verifier checks (Java 6); older ones are "old classes". */
    private static final int FIRST_VERIFIED_WITH_FRAMES = 50;

    private RetargetOldClasses() {
    }

    public static void main(String[] args) throws IOException {
        Path lib = Path.of(args[0]);
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        // Frames need the common superclass of two types: resolved among the application's own jars.
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (Path jar : jars) {
                if (!hasOldClasses(jar)) {
                    continue;
                }
                if (isSigned(jar)) {
                    System.out.println("retarget: WARNING: " + jar.getFileName() + " is signed; left as it was");
                } else {
                    retarget(jar, loader);
                }
            }
        }
    }

    private static boolean hasOldClasses(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (isClass(entry)) {
                    try (InputStream in = file.getInputStream(entry)) {
                        if (majorVersion(in.readNBytes(8)) < FIRST_VERIFIED_WITH_FRAMES) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Whether the jar carries a signature, which rewriting its classes would break. */
    private static boolean isSigned(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.stream().anyMatch(entry -> entry.getName().startsWith("META-INF/")
                    && entry.getName().endsWith(".SF"));
        }
    }

    /** Class files of the jar's base version; a multi-release jar's newer entries are new already. */
    private static boolean isClass(JarEntry entry) {
        return entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/");
    }

    private static int majorVersion(byte[] header) {
        return header.length < 8 ? Integer.MAX_VALUE : ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    }

    private static void retarget(Path jar, ClassLoader loader) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".retargeted");
        int classes = 0;
        try (JarFile file = new JarFile(jar.toFile(), false);
             OutputStream target = Files.newOutputStream(rewritten);
             JarOutputStream out = new JarOutputStream(target)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream in = file.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (isClass(entry) && majorVersion(bytes) < FIRST_VERIFIED_WITH_FRAMES) {
                    bytes = withFrames(bytes, loader);
                    classes++;
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (RuntimeException e) {
            // ASM refuses what it cannot give frames to (JSR/RET subroutines, for one).
            System.out.println("retarget: WARNING: " + jar.getFileName() + " left as it was: " + e);
            Files.deleteIfExists(rewritten);
            return;
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("retarget: " + jar.getFileName() + ": " + classes + " class(es) rewritten as Java 8 class files");
    }

    private static byte[] withFrames(byte[] bytes, ClassLoader loader) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }
}
