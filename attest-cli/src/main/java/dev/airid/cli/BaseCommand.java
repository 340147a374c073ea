package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.json.Json;
import dev.airid.json.JsonValue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/** What every subcommand shares: the streams, {@code --json}, and turning results into exit codes. */
abstract class BaseCommand implements Callable<Integer>, Main.IoAware {

  Io io;

  @Option(names = "--json", description = "Print a machine-readable JSON result on stdout (errors too).")
  boolean json;

  @Override
  public void io(Io io) {
    this.io = io;
  }

  @Override
  public final Integer call() throws AiridException {
    return run();
  }

  abstract int run() throws AiridException;

  /** Writes one line of compact JSON on stdout. */
  void printJson(JsonValue value) {
    byte[] line = Json.compact(value);
    io.out.write(line, 0, line.length);
    io.out.println();
    io.out.flush();
  }
}
