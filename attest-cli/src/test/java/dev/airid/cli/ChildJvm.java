package dev.airid.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the airid command in a real child JVM (its own heap, its own process to kill), with this test's class path. */
final class ChildJvm {

  private ChildJvm() {}

  record Result(int code, String stdout, String stderr) {}

  /** The command line: java, the JVM options, the class path, airid's main class and its arguments. */
  static List<String> command(List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The test class path, as surefire gives it (it may hide it behind a manifest-only jar; that jar works too). */
  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
  }

  /** Runs to completion (at most {@code timeoutSeconds}, a guard against hangs) and returns code, stdout and stderr. */
  static Result run(Path workDir, Map<String, String> env, List<String> jvmOptions, long timeoutSeconds, String... args)
      throws Exception {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command(jvmOptions, args)).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("airid " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s: "
          + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
