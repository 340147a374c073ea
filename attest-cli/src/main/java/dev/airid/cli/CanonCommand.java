package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.declaration.Declaration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "canon",
    mixinStandardHelpOptions = true,
    description = {
      "Write the canonical bytes whose SHA-256 is a declaration's identity.",
      "They are the identity form: RFC 8785 JSON with content replaced by digests.",
      "Their SHA-256 is the identity: 'airid canon d.json | sha256sum' shows the hex of 'airid id d.json'.",
      "The bytes are for hashing; there is no newline at the end."
    },
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class CanonCommand extends BaseCommand {

  @Parameters(paramLabel = "FILE", description = "The declaration (JSON), or - for standard input.")
  String file;

  @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Write to OUT instead of standard output.")
  String out;

  @Option(names = "--force", description = "Overwrite OUT if it exists.")
  boolean force;

  @Override
  int run() throws AiridException {
    if (json) {
      throw Usage.error("canon writes bytes; --json is not supported (use 'airid id --json')");
    }
    io.write(out, readDeclaration(file, "airid canon").canonicalBytes(), force);
    return ExitCode.OK;
  }
}
