package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.keys.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies airid attestations offline against trusted signers: public keys, or Sigstore keyless identities (see
 * {@link SignerTrust}). It fails closed: a result is verified only when
 * every check passed, and after a failed check the checks that depend on it are reported as skipped.
 *
 * <p>Thread-safe; one instance can verify many files concurrently.
 */
public final class Verifier {

  /** A provenance file may hold at most this many bundles. */
  public static final int MAX_BUNDLES = 1000;

  private static final Set<String> DECLARATION_PREDICATE_MEMBERS = Set.of("declaration", "declaredAt");

  private final SignerTrust trust;

  private Verifier(SignerTrust trust) {
    this.trust = java.util.Objects.requireNonNull(trust, "trust");
  }

  /** A verifier that trusts the signers {@code trust} accepts. */
  public static Verifier of(SignerTrust trust) {
    return new Verifier(trust);
  }

  /** A verifier that requires valid signatures by at least {@code threshold} distinct keys of {@code keys}. */
  public static Verifier of(List<VerificationKey> keys, int threshold) {
    return new Verifier(trustOf(keys, threshold));
  }

  /** The signer trust of {@link #of(List, int)}: at least {@code threshold} distinct keys of {@code keys}. */
  public static SignerTrust trustOf(List<VerificationKey> keys, int threshold) {
    Set<String> ids = new LinkedHashSet<>();
    keys.forEach(k -> ids.add(k.materialId())); // one key, however encoded or bound, is one signer
    if (ids.size() != keys.size()) {
      throw new IllegalArgumentException("a trusted key is listed twice");
    }
    if (threshold < 1 || threshold > keys.size()) {
      throw new IllegalArgumentException("threshold must be between 1 and the number of trusted keys (" + keys.size() + ")");
    }
    return new KeyTrust(List.copyOf(keys), threshold);
  }

  /** A verifier that trusts one key. */
  public static Verifier of(VerificationKey key) {
    return of(List.of(key), 1);
  }

  /** Verifies one declaration bundle. */
  public VerificationResult verify(byte[] bundle) {
    return verify(List.of(bundle), Optional.empty());
  }

  /**
   * Verifies a provenance file's bundles: the first is the run's declaration attestation, the others output
   * attestations of that run. With {@code artifactSha256} (lowercase hex), that digest must be a subject of a verified
   * output attestation.
   */
  public VerificationResult verify(List<byte[]> bundles, Optional<String> artifactSha256) {
    List<Check> checks = new ArrayList<>();
    if (bundles.isEmpty() || bundles.size() > MAX_BUNDLES) {
      checks.add(new Check("provenance.bundles", -1, Check.Status.FAIL,
          bundles.isEmpty() ? "no bundle" : "more than " + MAX_BUNDLES + " bundles"));
      return new VerificationResult(checks, Optional.empty(), List.of(), Optional.empty(), List.of());
    }
    List<BundleOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < bundles.size(); i++) {
      outcomes.add(new BundleRun(i, checks).run(bundles.get(i)));
    }
    BundleOutcome first = outcomes.get(0);
    Optional<Declaration> declaration = Optional.ofNullable(first.declaration);
    if (first.ok && first.declaration == null) {
      checks.add(new Check("provenance.declaration", -1, Check.Status.FAIL,
          "the first bundle must be the run's declaration attestation; an output attestation verifies only with it"));
    }
    List<Subject> outputs = new ArrayList<>();
    List<Statement> outputStatements = new ArrayList<>();
    for (int i = 1; i < outcomes.size(); i++) {
      BundleOutcome o = outcomes.get(i);
      if (!o.ok) {
        continue;
      }
      if (o.declaration != null) {
        checks.add(new Check("provenance.order", i, Check.Status.FAIL, "only the first bundle may be a declaration attestation"));
        continue;
      }
      if (first.declaration == null) {
        checks.add(new Check("output.run", i, Check.Status.SKIPPED, "no verified declaration to bind to"));
        continue;
      }
      RunIdentity id = first.declaration.identity();
      checks.add(o.run.equals(id)
          ? new Check("output.run", i, Check.Status.PASS, "names run " + id)
          : new Check("output.run", i, Check.Status.FAIL, "names run " + o.run + ", but the declaration is " + id));
      boolean sameDeclaration = Sha256.constantTimeEquals(
          HexFormat.of().parseHex(o.declarationSha256), HexFormat.of().parseHex(first.payloadSha256()));
      checks.add(sameDeclaration
          ? new Check("output.declarationDigest", i, Check.Status.PASS, "binds to declaration payload sha256:" + first.payloadSha256())
          : new Check("output.declarationDigest", i, Check.Status.FAIL,
              "binds to declaration payload sha256:" + o.declarationSha256 + ", not this file's sha256:" + first.payloadSha256()));
      if (o.run.equals(id) && sameDeclaration) {
        outputs.addAll(o.subjects);
        outputStatements.add(o.statement);
      }
    }
    if (artifactSha256.isPresent() && !Sha256.isLowerHex64(artifactSha256.get())) {
      throw new IllegalArgumentException("an artifact SHA-256 is 64 lowercase hex digits");
    }
    if (artifactSha256.isPresent()) {
      String want = artifactSha256.get();
      byte[] wantBytes = HexFormat.of().parseHex(want);
      Optional<Subject> match = outputs.stream()
          .filter(s -> s.digest().containsKey("sha256")
              && Sha256.constantTimeEquals(wantBytes, HexFormat.of().parseHex(s.digest().get("sha256"))))
          .findFirst();
      checks.add(match.isPresent()
          ? new Check("artifact.digest", -1, Check.Status.PASS, "sha256:" + want + " is output \"" + match.get().name() + "\"")
          : new Check("artifact.digest", -1, Check.Status.FAIL,
              "sha256:" + want + " is not a subject of any verified output attestation of this run"));
    }
    return new VerificationResult(checks, declaration.filter(d -> first.ok), outputs,
        first.ok && first.declaration != null ? Optional.of(first.statement) : Optional.empty(), outputStatements);
  }

  /** What one bundle yielded, if its checks passed. */
  private static final class BundleOutcome {
    boolean ok;
    Declaration declaration;
    byte[] payload;
    private String payloadSha256;
    RunIdentity run;
    String declarationSha256;
    List<Subject> subjects = List.of();
    Statement statement;

    /** Hashed only when an output attestation binds to this payload: most verifications have none. */
    String payloadSha256() {
      if (payloadSha256 == null) {
        payloadSha256 = Sha256.hexOf(payload);
      }
      return payloadSha256;
    }
  }

  /** The checks of one bundle, in order; after the first failure the rest are skipped. */
  private final class BundleRun {
    private final int index;
    private final List<Check> checks;
    private boolean failed;

    BundleRun(int index, List<Check> checks) {
      this.index = index;
      this.checks = checks;
    }

    private boolean check(String name, boolean ok, String detail) {
      if (failed) {
        checks.add(new Check(name, index, Check.Status.SKIPPED, "an earlier check failed"));
        return false;
      }
      checks.add(new Check(name, index, ok ? Check.Status.PASS : Check.Status.FAIL, detail));
      failed = !ok;
      return ok;
    }

    BundleOutcome run(byte[] bytes) {
      BundleOutcome out = new BundleOutcome();
      JsonValue json = null;
      String error = null;
      try {
        json = Json.parse(bytes);
      } catch (InputRejectedException e) {
        error = e.getMessage();
      }
      check("bundle.json", json != null, json != null ? bytes.length + " bytes of strict JSON" : error);

      Bundle bundle = null;
      String where = "";
      if (!failed) {
        try {
          bundle = Bundle.parse(json);
        } catch (InputRejectedException e) {
          error = e.getMessage();
          String at = e.pointer().orElse("");
          where = e.code() == ErrorCode.ENVELOPE_INVALID ? "envelope"
              : at.equals("/mediaType") || at.isEmpty() ? "mediaType" : "content";
        }
      }
      check("bundle.mediaType", !where.equals("mediaType"), where.equals("mediaType") ? error : Bundle.MEDIA_TYPE);
      Optional<String> refused = bundle == null ? Optional.empty() : trust.refuses(bundle.material());
      check("bundle.content", !where.equals("content") && refused.isEmpty(),
          where.equals("content") ? error : refused.isPresent() ? refused.get() : bundle == null ? "" : trust.describe(bundle.material()));
      check("envelope.shape", !where.equals("envelope"),
          where.equals("envelope") ? error : "DSSE envelope, " + (bundle == null ? 0 : bundle.envelope().signatures().size()) + " signature(s)");

      Dsse.Envelope env = bundle == null ? null : bundle.envelope();
      check("envelope.payloadType", env != null && env.payloadType().equals(Dsse.IN_TOTO_PAYLOAD_TYPE),
          env == null ? "" : env.payloadType().equals(Dsse.IN_TOTO_PAYLOAD_TYPE) ? Dsse.IN_TOTO_PAYLOAD_TYPE
              : "payloadType \"" + env.payloadType() + "\" is not " + Dsse.IN_TOTO_PAYLOAD_TYPE);

      if (!failed) {
        trust.verify(bundle, this::check);
      } else {
        check("envelope.signature", false, "");
      }

      Statement statement = null;
      JsonValue payloadJson = null;
      if (!failed) {
        try {
          payloadJson = Json.parse(env.payloadShared());
        } catch (InputRejectedException e) {
          error = e.getMessage();
        }
      }
      check("statement.json", payloadJson != null, payloadJson != null ? "payload is strict JSON" : "payload: " + error);
      if (!failed) {
        try {
          statement = Statement.parse(payloadJson);
        } catch (InputRejectedException e) {
          error = e.getMessage();
        }
      }
      check("statement.shape", statement != null, statement != null ? "in-toto Statement" : error);
      check("statement.type", statement != null && statement.type().equals(Statement.TYPE_V1),
          statement == null ? "" : statement.type().equals(Statement.TYPE_V1) ? Statement.TYPE_V1
              : "\"_type\" " + statement.type() + " is not " + Statement.TYPE_V1);
      String pt = statement == null ? "" : statement.predicateType();
      boolean known = pt.equals(Attestor.DECLARATION_PREDICATE) || pt.equals(Attestor.OUTPUT_PREDICATE);
      check("statement.predicateType", known, known ? pt : "unknown predicateType \"" + pt + "\"");
      if (failed) {
        check("declaration.valid", false, "");
        return out;
      }
      out.payload = env.payloadShared();
      out.statement = statement;
      if (pt.equals(Attestor.DECLARATION_PREDICATE)) {
        declaration(statement, out);
      } else {
        output(statement, out);
      }
      out.ok = !failed;
      return out;
    }

    private void declaration(Statement statement, BundleOutcome out) {
      JsonObject predicate = statement.predicate();
      String error = null;
      for (String name : predicate.names()) {
        if (!DECLARATION_PREDICATE_MEMBERS.contains(name)) {
          error = "unknown predicate member \"" + name + "\"";
        }
      }
      JsonValue declared = predicate.getOrNull("declaredAt");
      if (error == null && declared != null && !(declared instanceof JsonString)) {
        error = "\"declaredAt\" must be a string";
      }
      Declaration d = null;
      if (error == null) {
        try {
          d = Declaration.of(predicate.getOrNull("declaration") == null ? JsonObject.empty() : predicate.getOrNull("declaration"));
        } catch (InputRejectedException e) {
          error = "predicate.declaration: " + e.getMessage();
        }
      }
      check("declaration.valid", d != null, d != null ? "declares model " + d.modelName()
          + (d.isRedacted() ? ", redacted" : "") : error);
      if (failed) {
        check("declaration.subject", false, "");
        return;
      }
      RunIdentity id = d.identity();
      List<Subject> subjects = statement.subjects();
      Subject s = subjects.get(0);
      String sha = s.digest().get("sha256");
      boolean ok = subjects.size() == 1 && s.name().equals(id.toString()) && s.digest().size() == 1 && sha != null
          && Sha256.isHex64(sha) && id.matchesDigest(HexFormat.of().parseHex(sha));
      check("declaration.subject", ok, ok ? "subject is the recomputed identity " + id
          : "the subject must be exactly the identity recomputed from the declaration, " + id);
      if (ok) {
        out.declaration = d;
      }
    }

    private void output(Statement statement, BundleOutcome out) {
      JsonObject p = statement.predicate();
      String error = null;
      RunIdentity run = null;
      String digest = null;
      try {
        only(p, Set.of("run", "execution"), "predicate");
        JsonObject r = (JsonObject) p.getOrNull("run");
        only(r, Set.of("identity", "declaration"), "run");
        only((JsonObject) r.getOrNull("declaration"), Set.of("sha256"), "run.declaration");
        run = RunIdentity.parse(((JsonString) r.getOrNull("identity")).value());
        digest = ((JsonString) ((JsonObject) r.getOrNull("declaration")).getOrNull("sha256")).value();
        if (!Sha256.isHex64(digest)) {
          throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID, "run.declaration.sha256 is not 64 hex digits");
        }
        JsonObject e = (JsonObject) p.getOrNull("execution");
        only(e, Set.of("status", "finishedAt", "reportedModel", "usage"), "execution");
        if (!(e.getOrNull("status") instanceof JsonString st) || ExecutionFacts.Status.fromJson(st.value()).isEmpty()) {
          throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID, "execution.status must be succeeded, failed or interrupted");
        }
        for (String f : List.of("finishedAt", "reportedModel")) {
          if (e.has(f) && !(e.getOrNull(f) instanceof JsonString)) {
            throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID, "execution." + f + " must be a string");
          }
        }
        if (e.has("usage")) {
          JsonObject u = (JsonObject) e.getOrNull("usage");
          only(u, Set.of("inputTokens", "outputTokens"), "execution.usage");
          for (JsonValue n : u.members().values()) {
            if (!(n instanceof dev.airid.json.JsonNumber num) || num.value() < 0 || num.value() != Math.rint(num.value())) {
              throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID, "token counts are whole numbers >= 0");
            }
          }
        }
        for (Subject s : statement.subjects()) {
          String sha = s.digest().get("sha256");
          if (sha == null || !Sha256.isHex64(sha)) {
            throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID, "output \"" + s.name() + "\" needs a sha256 digest of 64 hex digits");
          }
        }
      } catch (InputRejectedException e) {
        error = e.getMessage();
      } catch (ClassCastException | NullPointerException e) {
        error = "the output predicate must be {\"run\":{\"identity\",\"declaration\":{\"sha256\"}},\"execution\":{\"status\",…}}";
      }
      check("output.predicate", error == null, error == null ? statement.subjects().size() + " output(s) of run " + run : error);
      if (error == null) {
        out.run = run;
        out.declarationSha256 = digest;
        out.subjects = statement.subjects();
      }
    }
  }

  /** Trusted public keys: at least {@code threshold} distinct keys must each verify a signature of the envelope. */
  private record KeyTrust(List<VerificationKey> keys, int threshold) implements SignerTrust {

    @Override
    public Optional<String> refuses(Bundle.Material material) {
      return material instanceof Bundle.KeyHint ? Optional.empty() : Optional.of(
          "the bundle is signed keylessly (a Sigstore certificate); verify it with a certificate identity and issuer, not a key");
    }

    @Override
    public String describe(Bundle.Material material) {
      return "public-key bundle, key hint \"" + ((Bundle.KeyHint) material).hint() + "\"";
    }

    @Override
    public void verify(Bundle bundle, Checks checks) {
      byte[] pae = bundle.envelope().pae();
      List<String> by = new ArrayList<>();
      for (VerificationKey key : keys) {
        for (Dsse.Signature s : bundle.envelope().signatures()) {
          if (key.verify(pae, s.sig())) {
            by.add(key.keyId() + " (" + key.algorithm().id() + ")");
            break;
          }
        }
        if (by.size() >= threshold) {
          break;
        }
      }
      boolean ok = by.size() >= threshold;
      checks.check("envelope.signature", ok, ok ? "signed by " + String.join(", ", by)
          : "valid signatures by " + by.size() + " of the " + keys.size() + " trusted key(s); " + threshold + " required");
    }
  }

  private static void only(JsonObject o, Set<String> allowed, String what) throws InputRejectedException {
    for (String name : o.names()) {
      if (!allowed.contains(name)) {
        throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID, "unknown member \"" + name + "\" in " + what);
      }
    }
  }

  /**
   * Splits a provenance file ({@code .airid.jsonl}) into bundles: one bundle per line, blank lines ignored, at most
   * {@link #MAX_BUNDLES}. A file that is one JSON document (a single, possibly pretty-printed, {@code .bundle.json}) is
   * one bundle; only data after a first complete value makes it JSON Lines.
   */
  public static List<byte[]> splitProvenance(byte[] data) throws InputRejectedException {
    if (new String(data, StandardCharsets.UTF_8).isBlank()) {
      throw InputRejectedException.of(ErrorCode.PROVENANCE_INVALID, "the provenance file is empty");
    }
    try {
      Json.parse(data);
      return List.of(data);
    } catch (InputRejectedException e) {
      if (e.code() != ErrorCode.JSON_TRAILING_DATA) {
        return List.of(data); // one malformed document: bundle.json reports why
      }
    }
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n') {
        int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
        byte[] line = java.util.Arrays.copyOfRange(data, start, end);
        if (!new String(line, StandardCharsets.UTF_8).isBlank()) {
          if (lines.size() == MAX_BUNDLES) {
            throw InputRejectedException.of(ErrorCode.PROVENANCE_INVALID, "more than " + MAX_BUNDLES + " bundles");
          }
          lines.add(line);
        }
        start = i + 1;
      }
    }
    return lines;
  }

  /** A provenance file: the declaration bundle, then output bundles, one compact bundle per line. */
  public static byte[] joinProvenance(List<Bundle> bundles) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Bundle b : bundles) {
      out.writeBytes(b.toBytes());
      out.write('\n');
    }
    return out.toByteArray();
  }
}
