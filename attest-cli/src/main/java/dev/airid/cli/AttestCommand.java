package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.sigstore.Bundle;
import dev.airid.verify.Verifier;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
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
      "Sign a declaration before the run, as a Sigstore bundle.",
      "The bundle survives the run even if it fails.",
      "The bundle (v0.3) holds a DSSE envelope around an in-toto Statement whose subject is the run identity.",
      "With --redact-all or --redact, the bundle carries only digests of the chosen content; same identity.",
      "Sign with a local key (--key) or keylessly with Sigstore (--keyless): then the bundle holds a short-lived Fulcio certificate for your OIDC identity and a Rekor entry, and is checked against --trusted-root first."
    },
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class AttestCommand extends BaseCommand {

  @Parameters(paramLabel = "DECLARATION", description = "The declaration (JSON), or - for standard input.")
  String file;

  @Mixin SignerOptions signerOptions;

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
    Declaration d = readDeclaration(file, "airid attest");
    if (redaction != null && redaction.all) {
      d = d.redactAll();
    } else if (redaction != null) {
      d = d.redact(JsonPointer.parseAll(redaction.pointers));
    }
    SignerOptions.Loaded signer = signerOptions.load(io);
    Bundle bundle = signer.attestor().attestDeclaration(d, noDeclaredAt ? null : Instant.now());
    io.write(out, Provenance.join(List.of(bundle)), force); // one line, newline-terminated
    if (json) {
      printJson(ExitCode.OK, signerJson(JsonObject.builder().put("identity", d.identity().toString()).put("bundle", out), bundle, signer)
          .put("redacted", d.isRedacted()).build());
    } else if (out != null && !out.equals("-")) {
      io.out.println("attested " + d.identity() + " → " + out + " (signed by " + signedBy(bundle, signer) + ")");
    }
    return ExitCode.OK;
  }

  /** {@code keyId}, or for a keyless bundle {@code certificateIdentity} and {@code certificateIssuer}. */
  static JsonObject.Builder signerJson(JsonObject.Builder b, Bundle bundle, SignerOptions.Loaded signer) throws AiridException {
    if (signer.key().isPresent()) {
      return b.put("keyId", signer.key().get().keyId());
    }
    dev.airid.sigstore.CertificateIdentity id = dev.airid.sigstore.KeylessSigner.certifiedIdentity(bundle);
    return b.put("certificateIdentity", id.subject()).put("certificateIssuer", id.issuer());
  }

  /** The key id, or for a keyless bundle the identity its certificate names (what verifiers must expect). */
  static String signedBy(Bundle bundle, SignerOptions.Loaded signer) throws AiridException {
    return signer.key().isPresent() ? signer.key().get().keyId()
        : dev.airid.sigstore.KeylessSigner.certifiedIdentity(bundle).toString();
  }
}
