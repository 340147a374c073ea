package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "redact",
    mixinStandardHelpOptions = true,
    description = {
      "Write a copy of a declaration with content replaced by digests.",
      "Each chosen content block is replaced by its SHA-256 (contentDigest).",
      "The identity does not change, so the redacted copy can travel and still verify.",
      "Note: a digest hides only content that cannot be guessed; see spec/ai-run-declaration.md."
    },
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class RedactCommand extends BaseCommand {

  @Parameters(paramLabel = "FILE", description = "The declaration (JSON), or - for standard input.")
  String file;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(names = "--all", required = true, description = "Redact every content block.")
    boolean all;

    @Option(names = {"-p", "--pointer"}, required = true, paramLabel = "POINTER",
        description = "Redact every block at or below this JSON Pointer, e.g. /instructions or /context/2. Repeatable.")
    List<String> pointers;
  }

  @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Write to OUT instead of standard output.")
  String out;

  @Option(names = "--force", description = "Overwrite OUT if it exists.")
  boolean force;

  @Override
  int run() throws AiridException {
    Declaration d = readDeclaration(file, "airid redact");
    Declaration r;
    if (selection.all) {
      r = d.redactAll();
    } else {
      r = d.redact(JsonPointer.parseAll(selection.pointers));
    }
    if (json && (out == null || out.equals("-"))) {
      throw Usage.error("--json reports on a file written with --out; without --out the declaration goes to stdout");
    }
    io.write(out, r.toJsonBytes(), force);
    if (json) {
      printJson(ExitCode.OK, JsonObject.builder()
          
          .put("identity", r.identity().toString())
          .put("out", out)
          .put("redactedBlocks", r.contentBlocks().stream().filter(b -> b.redacted()).count())
          .build());
    }
    return ExitCode.OK;
  }
}
