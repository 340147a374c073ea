package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.attest.Attestor;
import dev.airid.attest.Bundle;
import dev.airid.attest.Verifier;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
import dev.airid.keys.SigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Sign a declaration before the run, as a Sigstore bundle that survives the run even if it fails.",
      "The bundle (v0.3) holds a DSSE envelope around an in-toto Statement whose subject is the run identity.",
      "With --redact-all or --redact, the bundle carries only digests of the chosen content; same identity."
    },
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class AttestCommand extends BaseCommand {

  @Parameters(paramLabel = "DECLARATION", description = "The declaration (JSON), or - for standard input.")
  String file;

  @Mixin SigningKeyOptions keyOptions;

  @Option(names = {"-o", "--out"}, paramLabel = "BUNDLE", required = true,
      description = "Where to write the bundle, e.g. run.bundle.json (- for standard output).")
  String out;

  @picocli.CommandLine.ArgGroup(exclusive = true)
  Redaction redaction;

  static final class Redaction {
    @Option(names = "--redact-all", required = true, description = "Carry every content block as a digest only.")
    boolean all;

    @Option(names = "--redact", paramLabel = "POINTER", required = true,
        description = "Carry the blocks at or below this JSON Pointer as digests only. Repeatable.")
    List<String> pointers = new ArrayList<>();
  }

  @Option(names = "--no-declared-at",
      description = "Omit the declaredAt time (then signing the same declaration with Ed25519 gives the same bundle).")
  boolean noDeclaredAt;

  @Option(names = "--force", description = "Overwrite BUNDLE if it exists.")
  boolean force;

  @Override
  int run() throws AiridException {
    Declaration d = Declaration.parse(io.read(file));
    if (redaction != null && redaction.all) {
      d = d.redactAll();
    } else if (redaction != null) {
      d = d.redact(JsonPointer.parseAll(redaction.pointers));
    }
    SigningKey key = keyOptions.load(io);
    Bundle bundle = new Attestor(key).attestDeclaration(d, noDeclaredAt ? null : Instant.now());
    io.write(out, Verifier.joinProvenance(List.of(bundle)), force); // one line, newline-terminated
    if (json) {
      printJson(JsonObject.builder().put("ok", true).put("identity", d.identity().toString()).put("bundle", out)
          .put("keyId", key.keyId()).put("redacted", d.isRedacted()).build());
    } else if (out != null && !out.equals("-")) {
      io.err.println("attested " + d.identity() + " → " + out);
    }
    return ExitCode.OK;
  }
}
