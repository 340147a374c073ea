package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.Statement;
import dev.airid.attest.Subject;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.ContentBlock;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Summarise a bundle or provenance file WITHOUT verifying it.",
      "Shows identity, model, signer hint, predicate, redacted blocks and outputs; use 'airid verify' to trust any of it."
    },
    footer = ExitCode.HELP_FOOTER_NO_CHECK)
final class InspectCommand extends BaseCommand {

  @Parameters(paramLabel = "BUNDLE_OR_JSONL", description = "A bundle (.json) or a provenance file (.airid.jsonl).")
  String file;

  @Override
  int run() throws AiridException {
    List<JsonValue> entries = new ArrayList<>();
    byte[] data = io.read(file);
    List<byte[]> bundles;
    List<Bundle> parsed = new ArrayList<>();
    try {
      bundles = Provenance.split(data);
      for (byte[] b : bundles) {
        parsed.add(Bundle.parse(Json.parse(b)));
      }
    } catch (dev.airid.InputRejectedException e) {
      throw FileKind.explain(e, data, file, "airid inspect", FileKind.SIGSTORE_BUNDLE, FileKind.PROVENANCE);
    }
    if (!json) {
      io.out.println(file + ": " + bundles.size() + " bundle(s) — NOT verified; run 'airid verify' to check signatures");
    }
    for (int i = 0; i < bundles.size(); i++) {
      Bundle b = parsed.get(i);
      Statement s = b.statement();
      JsonObject.Builder e = JsonObject.builder().put("bundle", i).put("predicateType", s.predicateType())
          .put("signatures", b.envelope().orElseThrow().signatures().size());
      String signer;
      if (b.material().certificate().isPresent()) {
        // What the certificate claims, unverified: 'airid verify --certificate-identity' checks it.
        dev.airid.sigstore.CertificateIdentity claimed = dev.airid.sigstore.KeylessSigner.certifiedIdentity(b);
        e.put("certificateIdentity", claimed.subject()).put("certificateIssuer", claimed.issuer());
        signer = "keyless, certificate for " + claimed.subject() + " (issuer " + claimed.issuer() + ")";
      } else {
        String hint = ((Bundle.KeyHint) b.material().signer()).hint();
        e.put("keyHint", hint);
        signer = "key hint " + (hint.isEmpty() ? "(none)" : hint);
      }
      if (!json) {
        io.out.println("#" + i + " " + describe(s.predicateType()));
        io.out.println("   signer:          " + signer);
      }
      if (s.predicateType().equals(Attestor.DECLARATION_PREDICATE) && s.predicate().getOrNull("declaration") != null) {
        Declaration d = Declaration.of(s.predicate().getOrNull("declaration"));
        List<JsonValue> redacted = new ArrayList<>();
        for (ContentBlock c : d.contentBlocks()) {
          if (c.redacted()) {
            redacted.add(JsonString.of(c.pointer().toString()));
          }
        }
        e.put("identity", d.identity().toString()).put("model", d.modelName()).put("redactedBlocks", JsonArray.of(redacted));
        String declaredAt = s.predicate().getOrNull("declaredAt") instanceof JsonString t ? t.value() : null;
        if (declaredAt != null) {
          e.put("declaredAt", declaredAt);
        }
        if (!json) {
          io.out.println("   identity:        " + d.identity());
          io.out.println("   model:           " + d.modelName());
          io.out.println("   declared at:     " + (declaredAt == null ? "(not stated)" : declaredAt));
          io.out.println("   content blocks:  " + d.contentBlocks().size() + ", redacted: "
              + (redacted.isEmpty() ? "none" : redacted.size() + " " + redacted.stream().map(v -> ((JsonString) v).value()).toList()));
          io.out.println("   parents:         " + (d.parents().isEmpty() ? "none" : d.parents()));
        }
      } else {
        List<JsonValue> outs = new ArrayList<>();
        for (Subject sub : s.subjects()) {
          outs.add(JsonObject.builder().put("name", sub.name()).put("sha256", sub.digest().getOrDefault("sha256", "")).build());
          if (!json) {
            io.out.println("   output:          " + sub.name() + " sha256:" + sub.digest().getOrDefault("sha256", "?"));
          }
        }
        e.put("outputs", JsonArray.of(outs));
        if (s.predicate().getOrNull("run") instanceof JsonObject run) {
          e.put("run", run);
          if (!json) {
            io.out.println("   run:             " + (run.getOrNull("identity") instanceof JsonString id ? id.value() : "?"));
          }
        }
        if (s.predicate().getOrNull("execution") instanceof JsonObject ex) {
          e.put("execution", ex);
          if (!json) {
            io.out.println("   execution:       " + Json.toCanonicalString(ex));
          }
        }
      }
      entries.add(e.build());
    }
    if (json) {
      printJson(ExitCode.OK, JsonObject.builder().put("verified", false).put("file", file).put("bundles", JsonArray.of(entries)).build());
    }
    return ExitCode.OK;
  }

  private static String describe(String predicateType) {
    if (predicateType.equals(Attestor.DECLARATION_PREDICATE)) {
      return "run declaration (" + predicateType + ")";
    }
    if (predicateType.equals(Attestor.OUTPUT_PREDICATE)) {
      return "run outputs (" + predicateType + ")";
    }
    return "other predicate " + predicateType;
  }

}
