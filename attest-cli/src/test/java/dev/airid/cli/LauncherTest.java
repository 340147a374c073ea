package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airid.testing.Paths2;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/airid} chooses the JVM's settings by command: C1 only and the serial collector for the commands that run
 * once and briefly, the full JIT and the parallel collector for {@code airid gate}, which runs as long as its stream
 * (docs/kafka.md, "JVM settings"). Run against a jar of {@link PrintArguments}, which prints the JVM's options and
 * the program's arguments instead of being airid, through {@code AIRID_JAR}.
 */
class LauncherTest {

  static Path jar;

  /** The main class of the stand-in jar: prints the JVM options, then the arguments, one per line. */
  public static final class PrintArguments {
    public static void main(String[] args) {
      ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(a -> System.out.println("jvm " + a));
      for (String a : args) {
        System.out.println("arg " + a);
      }
    }
  }

  @BeforeAll
  static void standInJar(@TempDir Path dir) throws Exception {
    jar = dir.resolve("stand-in.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrintArguments.class.getName());
    String entry = PrintArguments.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream in = PrintArguments.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }

  private static List<String> launch(String... args) throws Exception {
    Path launcher = Paths2.repositoryRoot().resolve("bin/airid");
    assumeTrue(Files.isRegularFile(Path.of("/bin/sh")), "bin/airid is a POSIX shell script; no /bin/sh here");
    List<String> command = new ArrayList<>(List.of("/bin/sh", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("AIRID_JAR", jar.toString());
    pb.environment().remove("AIRID_JAVA_OPTS");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
    assertEquals(0, p.exitValue(), out);
    return out.lines().toList();
  }

  @Test
  void briefCommandsStartWithC1AndTheSerialCollector() throws Exception {
    for (String[] args : new String[][] {{"id", "x.json"}, {"--version"}, {"verify", "--bundle", "b", "--key", "k"}, {"help", "gate"}}) {
      List<String> out = launch(args);
      assertTrue(out.contains("jvm -XX:TieredStopAtLevel=1"), String.join(" ", args) + ": " + out);
      assertTrue(out.contains("jvm -XX:+UseSerialGC"), String.join(" ", args) + ": " + out);
      assertEquals(List.of(args), out.stream().filter(l -> l.startsWith("arg ")).map(l -> l.substring(4)).toList(),
          "the arguments reach the program unchanged");
    }
  }

  @Test
  void theGateGetsTheFullJitAndTheParallelCollector() throws Exception {
    for (String[] args : new String[][] {{"gate", "--bootstrap-servers", "b:9092"}, {"--help", "gate"}}) {
      List<String> out = launch(args);
      assertTrue(out.contains("jvm -XX:+UseParallelGC"), String.join(" ", args) + ": " + out);
      assertFalse(out.stream().anyMatch(l -> l.contains("TieredStopAtLevel") || l.contains("UseSerialGC")),
          String.join(" ", args) + ": " + out);
    }
  }
}
