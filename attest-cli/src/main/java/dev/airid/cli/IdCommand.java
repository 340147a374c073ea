package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.declaration.ContentBlock;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description = {
      "Print the run identity of a declaration: airid:v1:sha256:<hex>.",
      "The identity comes from the declaration alone; redacted and unredacted copies have the same identity."
    },
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class IdCommand extends BaseCommand {

  @Parameters(paramLabel = "FILE", description = "The declaration (JSON), or - for standard input.")
  String file;

  @Override
  int run() throws AiridException {
    Declaration d = readDeclaration(file, "airid id");
    if (json) {
      long redacted = d.contentBlocks().stream().filter(ContentBlock::redacted).count();
      printJson(ExitCode.OK, JsonObject.builder()
          
          .put("identity", d.identity().toString())
          .put("model", d.modelName())
          .put("contentBlocks", d.contentBlocks().size())
          .put("redactedBlocks", redacted)
          .build());
    } else {
      io.out.println(d.identity());
    }
    return ExitCode.OK;
  }
}
