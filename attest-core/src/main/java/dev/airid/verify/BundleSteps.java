package dev.airid.verify;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.attest.DeclarationPredicate;
import dev.airid.attest.Dsse;
import dev.airid.attest.OutputPredicate;
import dev.airid.attest.Statement;
import dev.airid.attest.Subject;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonValue;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.HashAlgorithm;
import dev.airid.sigstore.internal.CheckSink;
import dev.airid.sigstore.internal.SignerChecks;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of one bundle, in order: read, signer, statement, predicate (see {@link Verifier}). After the first
 * failure the remaining checks of the bundle are reported as skipped; if the failure comes before the predicate, the
 * predicate stage is one skipped {@code declaration.valid} (spec/attestations.md §5.2, "Order and SKIPPED").
 */
final class BundleSteps implements CheckSink {

  private final Verifier.Run run;
  private final int index;
  /** Part of a provenance file of several bundles: every bundle must be an airid attestation. */
  private final boolean provenance;
  private boolean failed;
  private final BundleOutcome out;

  BundleSteps(Verifier.Run run, int index, boolean provenance) {
    this.run = run;
    this.index = index;
    this.provenance = provenance;
    this.out = new BundleOutcome(index);
  }

  @Override
  public boolean check(String name, boolean ok, String detail) {
    if (failed) {
      run.checks.add(new Check(name, index, Check.Status.SKIPPED, "an earlier check failed"));
      return false;
    }
    run.checks.add(new Check(name, index, ok ? Check.Status.PASS : Check.Status.FAIL, detail));
    failed = !ok;
    return ok;
  }

  BundleOutcome run(byte[] bytes) {
    Bundle bundle = read(bytes);
    if (failed) {
      check(CheckNames.ENVELOPE_SIGNATURE, false, "");
      check(CheckNames.DECLARATION_VALID, false, "");
      return out;
    }
    out.bundle = bundle;
    signer(bundle);
    if (bundle.content() instanceof Bundle.MessageSignature) {
      out.kind = VerificationResult.Kind.SIGSTORE_MESSAGE_SIGNATURE;
      if (!failed) {
        run.artifact.ifPresent(a -> out.artifactSubject = Optional.of(new Subject(a.name(), a.knownDigests())));
      }
      out.ok = !failed;
      return out;
    }
    if (failed) {
      check(CheckNames.STATEMENT_JSON, false, "");
      check(CheckNames.DECLARATION_VALID, false, "");
      return out;
    }
    Dsse.Envelope env = bundle.envelope().orElseThrow();
    Statement statement = statement(env);
    if (failed) {
      check(CheckNames.DECLARATION_VALID, false, "");
      return out;
    }
    out.statement = statement;
    out.payload = env.payload();
    predicate(statement);
    out.ok = !failed;
    return out;
  }

  // --- 1. read ---------------------------------------------------------------------------------------------------

  private Bundle read(byte[] bytes) {
    JsonValue json = null;
    String error = null;
    try {
      json = Json.parse(bytes);
    } catch (InputRejectedException e) {
      error = e.getMessage();
    }
    if (!check(CheckNames.BUNDLE_JSON, json != null, json != null ? bytes.length + " bytes of strict JSON" : error)) {
      return null;
    }
    Bundle bundle = null;
    String where = "";
    try {
      bundle = Bundle.parse(json);
    } catch (InputRejectedException e) {
      error = e.getMessage();
      String at = e.pointer().orElse("");
      where = e.code() == ErrorCode.ENVELOPE_INVALID ? "envelope" : at.equals("/mediaType") ? "mediaType" : "content";
    }
    check(CheckNames.BUNDLE_MEDIA_TYPE, !where.equals("mediaType"), where.equals("mediaType") ? error : bundle != null ? bundle.mediaType() : "");
    Optional<String> refused = bundle == null ? Optional.empty() : refusal(bundle);
    check(CheckNames.BUNDLE_CONTENT, !where.equals("content") && refused.isEmpty(),
        where.equals("content") ? error : refused.isPresent() ? refused.get() : bundle == null ? "" : describe(bundle));
    if (bundle != null && bundle.content() instanceof Bundle.MessageSignature) {
      return bundle;
    }
    check(CheckNames.ENVELOPE_SHAPE, !where.equals("envelope"), where.equals("envelope") ? error
        : "DSSE envelope, " + (bundle == null ? 0 : bundle.envelope().orElseThrow().signatures().size()) + " signature(s)");
    Dsse.Envelope env = bundle == null ? null : bundle.envelope().orElseThrow();
    check(CheckNames.ENVELOPE_PAYLOAD_TYPE, env != null && env.payloadType().equals(Dsse.IN_TOTO_PAYLOAD_TYPE),
        env == null ? "" : env.payloadType().equals(Dsse.IN_TOTO_PAYLOAD_TYPE) ? Dsse.IN_TOTO_PAYLOAD_TYPE
            : "payloadType \"" + env.payloadType() + "\" is not " + Dsse.IN_TOTO_PAYLOAD_TYPE);
    return bundle;
  }

  /** Why this verifier cannot judge the bundle: a signer kind it was given no trust for, or the wrong content. */
  private Optional<String> refusal(Bundle bundle) {
    boolean keyed = bundle.material().signer() instanceof Bundle.KeyHint;
    if (keyed && run.trust.trustedKeys().isEmpty()) {
      return Optional.of("the bundle is signed with a public key, not keylessly; verify it with the key (no trusted keys are given)");
    }
    if (!keyed && run.trust.trustedIdentities().isEmpty()) {
      return Optional.of("the bundle is signed keylessly (a Sigstore certificate); verify it with a certificate identity and "
          + "issuer, not a key");
    }
    if (provenance && bundle.content() instanceof Bundle.MessageSignature) {
      return Optional.of("a provenance file holds attestations (DSSE envelopes); this bundle holds a message signature");
    }
    return Optional.empty();
  }

  private static String describe(Bundle b) {
    Bundle.VerificationMaterial m = b.material();
    String signer = m.signer() instanceof Bundle.KeyHint k ? "public-key bundle, key hint \"" + k.hint() + "\""
        : m.signer() instanceof Bundle.Certificate ? "keyless bundle: certificate" : "keyless bundle: certificate chain";
    int n = m.tlogEntries().size();
    return "v" + b.version().name().substring(1).replace('_', '.') + " " + signer
        + (n == 0 ? "" : ", " + n + " log entr" + (n == 1 ? "y" : "ies"))
        + (m.rfc3161Timestamps().isEmpty() ? "" : ", " + m.rfc3161Timestamps().size() + " timestamp(s)")
        + (b.content() instanceof Bundle.MessageSignature ? ", message signature" : "");
  }

  // --- 2. signer -------------------------------------------------------------------------------------------------

  private void signer(Bundle bundle) {
    SignerChecks.Signed signed = bundle.content() instanceof Bundle.MessageSignature m
        ? new SignerChecks.MessageSigned(m, source()) : new SignerChecks.DsseSigned(bundle.envelope().orElseThrow());
    if (signed instanceof SignerChecks.MessageSigned && run.artifact.isEmpty()) {
      check(CheckNames.MESSAGE_SIGNATURE, false, "a message signature is checked against its artifact: give the artifact or its digest");
      return;
    }
    TrustPolicy t = run.trust;
    SignerChecks.Result r = bundle.material().signer() instanceof Bundle.KeyHint
        ? SignerChecks.keys(bundle, signed, t.trustedKeys(), t.threshold(), t.trustedRoot(), t.requiresTransparencyLog(), run.now, this)
        : SignerChecks.certificate(bundle, signed, t.trustedRoot().orElseThrow(), t.trustedIdentities(), run.now, this);
    out.signer = r.signer();
  }

  private SignerChecks.ArtifactSource source() {
    Artifact a = run.artifact.orElse(null);
    return new SignerChecks.ArtifactSource() {
      @Override
      public Optional<byte[]> digest(HashAlgorithm algorithm) {
        return a == null ? Optional.empty() : a.digest(algorithm);
      }

      @Override
      public Optional<byte[]> bytes() {
        return a == null ? Optional.empty() : a.bytes();
      }
    };
  }

  // --- 3. statement ----------------------------------------------------------------------------------------------

  private Statement statement(Dsse.Envelope env) {
    JsonValue payload = null;
    String error = null;
    try {
      payload = Json.parse(env.payload());
    } catch (InputRejectedException e) {
      error = e.getMessage();
    }
    if (!check(CheckNames.STATEMENT_JSON, payload != null, payload != null ? "payload is strict JSON" : "payload: " + error)) {
      return null;
    }
    Statement statement = null;
    try {
      statement = Statement.parse(payload);
    } catch (InputRejectedException e) {
      error = e.getMessage();
    }
    if (!check(CheckNames.STATEMENT_SHAPE, statement != null, statement != null ? "in-toto Statement" : error)) {
      return null;
    }
    String pt = statement.predicateType();
    boolean airid = pt.equals(Attestor.DECLARATION_PREDICATE) || pt.equals(Attestor.OUTPUT_PREDICATE);
    out.kind = airid || provenance ? VerificationResult.Kind.AIRID_PROVENANCE : VerificationResult.Kind.SIGSTORE_ATTESTATION;
    // airid attestations are v1 Statements; other clients' attestations may still be v0.1 (npm provenance, older cosign).
    boolean typeOk = statement.type().equals(Statement.TYPE_V1) || !airid && !provenance && statement.type().equals(Statement.TYPE_V01);
    check(CheckNames.STATEMENT_TYPE, typeOk, typeOk ? statement.type() : "\"_type\" " + statement.type() + " is not " + Statement.TYPE_V1);
    boolean known = airid || !provenance;
    check(CheckNames.STATEMENT_PREDICATE_TYPE, known, known ? pt : "unknown predicateType \"" + pt + "\" in a provenance file");
    return failed ? null : statement;
  }

  // --- 4. predicate ----------------------------------------------------------------------------------------------

  private void predicate(Statement statement) {
    String pt = statement.predicateType();
    if (pt.equals(Attestor.DECLARATION_PREDICATE)) {
      declaration(statement);
    } else if (pt.equals(Attestor.OUTPUT_PREDICATE)) {
      output(statement);
    } else {
      plainSubject(statement);
    }
  }

  private void declaration(Statement statement) {
    DeclarationPredicate p = null;
    String error = null;
    try {
      p = DeclarationPredicate.parse(statement.predicate());
    } catch (InputRejectedException e) {
      error = (e.code().name().startsWith("DECL_") ? "predicate.declaration: " : "") + e.getMessage();
    }
    Declaration d = p == null ? null : p.declaration();
    if (!check(CheckNames.DECLARATION_VALID, d != null,
        d != null ? "declares model " + d.modelName() + (d.isRedacted() ? ", redacted" : "") : error)) {
      check(CheckNames.DECLARATION_SUBJECT, false, "");
      return;
    }
    RunIdentity id = d.identity();
    List<Subject> subjects = statement.subjects();
    Subject s = subjects.get(0);
    String sha = s.digest().get("sha256");
    boolean hex = sha != null && sha.length() == 64 && sha.chars().allMatch(HexFormat::isHexDigit);
    // The digest is compared as bytes: hex case is encoding (spec/attestations.md §2.1); the name must be the identity.
    boolean ok = subjects.size() == 1 && s.name().equals(id.toString()) && s.digest().size() == 1 && hex
        && id.matchesDigest(HexFormat.of().parseHex(sha));
    if (check(CheckNames.DECLARATION_SUBJECT, ok, ok ? "subject is the recomputed identity " + id
        : "the subject must be exactly the identity recomputed from the declaration, " + id)) {
      out.declaration = p;
    }
  }

  private void output(Statement statement) {
    OutputPredicate p = null;
    String error = null;
    try {
      p = OutputPredicate.parse(statement.predicate());
      for (Subject s : statement.subjects()) {
        if (s.digest().keySet().stream().noneMatch(a -> HashAlgorithm.ofIntotoName(a).isPresent())) {
          throw InputRejectedException.of(ErrorCode.STATEMENT_INVALID,
              "output \"" + s.name() + "\" needs a sha256, sha384 or sha512 digest");
        }
      }
    } catch (InputRejectedException e) {
      error = e.getMessage();
      p = null;
    }
    if (check(CheckNames.OUTPUT_PREDICATE, p != null, p != null ? statement.subjects().size() + " output(s) of run " + p.run() : error)) {
      out.output = p;
    }
  }

  /** A plain Sigstore attestation: with an artifact, it must be a subject (compared by every digest both know). */
  private void plainSubject(Statement statement) {
    if (run.artifact.isEmpty()) {
      return; // verified as an attestation of its subjects; the result says no artifact was checked
    }
    Artifact a = run.artifact.get();
    Optional<Subject> match = statement.subjects().stream().filter(s -> Digests.matches(a, s)).findFirst();
    if (check(CheckNames.STATEMENT_SUBJECT, match.isPresent(), match.isPresent()
        ? a.name() + " is subject \"" + match.get().name() + "\" (" + Digests.describe(match.get()) + ")"
        : Digests.noMatch(a, statement.subjects()))) {
      out.artifactSubject = match;
    }
  }

  /** Compares artifacts with subjects by digest value, in constant time, for every algorithm airid computes. */
  static final class Digests {
    private Digests() {}

    /** Whether some digest of {@code s} with an algorithm airid computes equals the artifact's, and none differs. */
    static boolean matches(Artifact a, Subject s) {
      boolean any = false;
      for (Map.Entry<String, String> d : s.digest().entrySet()) {
        Optional<HashAlgorithm> alg = HashAlgorithm.ofIntotoName(d.getKey());
        if (alg.isEmpty()) {
          continue;
        }
        Optional<byte[]> mine = a.digest(alg.get());
        byte[] theirs = parseHex(d.getValue());
        if (mine.isEmpty() || theirs == null) {
          continue;
        }
        if (!MessageDigest.isEqual(mine.get(), theirs)) {
          return false;
        }
        any = true;
      }
      return any;
    }

    static String describe(Subject s) {
      return String.join(", ", s.digest().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }

    /** The artifact's digest with the first algorithm {@code subjects} use, for messages. */
    static String artifactDigest(Artifact a, List<Subject> subjects) {
      for (Subject s : subjects) {
        for (String name : s.digest().keySet()) {
          Optional<HashAlgorithm> alg = HashAlgorithm.ofIntotoName(name);
          Optional<byte[]> d = alg.isEmpty() ? Optional.empty() : a.digest(alg.get());
          if (d.isPresent()) {
            return name + ":" + HexFormat.of().formatHex(d.get());
          }
        }
      }
      return a.digest(HashAlgorithm.SHA2_256).map(d -> "sha256:" + HexFormat.of().formatHex(d)).orElse("(digest unknown)");
    }

    /** Why the artifact matches none of {@code subjects}: changed since attested (same name), or not among them. */
    static String noMatch(Artifact a, List<Subject> subjects) {
      if (a.readProblem().isPresent()) {
        return "cannot read " + a.name() + ": " + a.readProblem().get();
      }
      String mine = artifactDigest(a, subjects);
      Optional<Subject> sameName = subjects.stream().filter(s -> s.name().equals(a.name())).findFirst();
      if (sameName.isPresent()) {
        return a.name() + " changed since it was attested: it is " + mine + ", the attested " + a.name() + " is "
            + describe(sameName.get());
      }
      List<String> names = subjects.stream().limit(10).map(s -> s.name() + " (" + describe(s) + ")").toList();
      return a.name() + " (" + mine + ") is not among what this provenance covers: " + String.join(", ", names)
          + (subjects.size() > 10 ? ", and " + (subjects.size() - 10) + " more" : "");
    }

    /** The bytes of a hex string (either case), or null if it is not one. */
    private static byte[] parseHex(String hex) {
      if (hex.length() % 2 != 0 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
        return null;
      }
      return HexFormat.of().parseHex(hex);
    }
  }
}
