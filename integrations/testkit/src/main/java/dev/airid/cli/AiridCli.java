package dev.airid.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the real {@code airid} command in this JVM, through its own entry point ({@code Main.run}, package-private,
 * hence this class in the CLI's package). In-process rather than {@code java -jar target/airid.jar}: it needs no
 * packaged jar (so {@code -pl … -am test} works) and costs no JVM start per call.
 */
public final class AiridCli {

  private AiridCli() {}

  /** The exit code and both streams of one command. */
  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
