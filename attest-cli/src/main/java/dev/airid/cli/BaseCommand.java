package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.json.Json;
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

  /**
   * The declaration in {@code file} ({@code -} for standard input); a file of another kind is named as such, with the
   * command that reads it ({@link FileKind}).
   */
  dev.airid.declaration.Declaration readDeclaration(String file, String command) throws AiridException {
    byte[] data = io.read(file);
    try {
      return dev.airid.declaration.Declaration.parse(data);
    } catch (dev.airid.InputRejectedException e) {
      throw FileKind.explain(e, data, file, command, FileKind.DECLARATION);
    }
  }

  /**
   * Writes the command's JSON document, one line on stdout: the members every document has (spec/cli.md §2: {@code
   * ok}, {@code exitCode}, {@code error}), then the command's own {@code members}.
   */
  void printJson(int exitCode, dev.airid.json.JsonObject members) {
    dev.airid.json.JsonObject.Builder b = CliJson.envelope(exitCode, java.util.Optional.empty());
    members.members().forEach(b::put);
    byte[] line = Json.compact(b.build());
    io.out.write(line, 0, line.length);
    io.out.println();
    io.out.flush();
  }
}
