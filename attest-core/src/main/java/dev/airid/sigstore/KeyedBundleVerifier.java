package dev.airid.sigstore;

import dev.airid.InputRejectedException;
import dev.airid.attest.Check;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.keys.VerificationKey;
import java.security.MessageDigest;
import java.security.Provider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies a plain Sigstore message-signature bundle signed with a public key ("managed key"), offline: the artifact
 * digest, the signature, every transparency log entry (body consistent with the bundle, signed entry timestamp,
 * inclusion proof with its signed checkpoint, log key valid at the integrated time, integrated time not in the future)
 * and every RFC 3161 timestamp, each against the trusted root. At least one log entry is required, as Sigstore
 * clients require by default. Fails closed: every check must pass.
 */
public final class KeyedBundleVerifier {

  private static final Provider BC = LogEvidence.BC;
  private static final Set<String> MEDIA_TYPES = Set.of(
      "application/vnd.dev.sigstore.bundle+json;version=0.1", "application/vnd.dev.sigstore.bundle+json;version=0.2",
      "application/vnd.dev.sigstore.bundle+json;version=0.3", "application/vnd.dev.sigstore.bundle.v0.3+json");

  private final VerificationKey key;
  private final TrustedRoot root;
  private final Instant now;

  public KeyedBundleVerifier(VerificationKey key, TrustedRoot root, Instant now) {
    this.key = Objects.requireNonNull(key, "key");
    this.root = Objects.requireNonNull(root, "root");
    this.now = Objects.requireNonNull(now, "now");
  }

  /** Every check, in order; verified when all passed. {@code artifactSha256} is the artifact's digest. */
  public List<Check> verify(byte[] bundleJson, byte[] artifactSha256) {
    List<Check> checks = new ArrayList<>();
    try {
      run(bundleJson, artifactSha256, checks);
    } catch (RuntimeException | InputRejectedException e) {
      checks.add(new Check("bundle.content", 0, Check.Status.FAIL, "malformed bundle: " + e.getMessage()));
    }
    return checks;
  }

  public static boolean verified(List<Check> checks) {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  private boolean add(List<Check> checks, String name, boolean ok, String detail) {
    checks.add(new Check(name, 0, ok ? Check.Status.PASS : Check.Status.FAIL, detail));
    return ok;
  }

  private void run(byte[] json, byte[] artifactSha256, List<Check> checks) throws InputRejectedException {
    JsonObject b = (JsonObject) Json.parse(json);
    String mt = b.getOrNull("mediaType") instanceof JsonString s ? s.value() : "";
    if (!add(checks, "bundle.mediaType", MEDIA_TYPES.contains(mt), mt)) {
      return;
    }
    JsonObject vm = (JsonObject) b.getOrNull("verificationMaterial");
    JsonObject ms = b.getOrNull("messageSignature") instanceof JsonObject m ? m : null;
    boolean keyed = vm.has("publicKey") && !vm.has("certificate") && !vm.has("x509CertificateChain");
    if (!add(checks, "bundle.content", keyed && ms != null,
        !keyed ? "the bundle is not signed with a public key (it carries a certificate): verify it with an identity"
            : ms == null ? "not a message-signature bundle" : "public-key message signature")) {
      return;
    }
    JsonObject md = (JsonObject) ms.getOrNull("messageDigest");
    byte[] digest = md == null ? null : Base64.getDecoder().decode(((JsonString) md.getOrNull("digest")).value());
    boolean digestOk = md != null && "SHA2_256".equals(((JsonString) md.getOrNull("algorithm")).value())
        && MessageDigest.isEqual(digest, artifactSha256);
    if (!add(checks, "message.digest", digestOk, digestOk ? "sha256:" + Sha256.hex(artifactSha256)
        : "the bundle signs another artifact than sha256:" + Sha256.hex(artifactSha256))) {
      return;
    }
    byte[] sig = Base64.getDecoder().decode(((JsonString) ms.getOrNull("signature")).value());
    if (!add(checks, "message.signature", prehashVerify(sig, artifactSha256), "signature by " + key.keyId())) {
      return;
    }
    JsonArray entries = vm.getOrNull("tlogEntries") instanceof JsonArray a ? a : JsonArray.empty();
    if (!add(checks, "tlog.entries", !entries.isEmpty(), entries.size() + " log entr" + (entries.size() == 1 ? "y" : "ies"))) {
      return;
    }
    for (JsonValue e : entries) {
      if (!entry((JsonObject) e, sig, artifactSha256, !mt.endsWith("version=0.1"), checks)) {
        return;
      }
    }
    JsonObject tvd = vm.getOrNull("timestampVerificationData") instanceof JsonObject t ? t : JsonObject.empty();
    if (tvd.getOrNull("rfc3161Timestamps") instanceof JsonArray ts) {
      for (JsonValue t : ts) {
        String problem = LogEvidence.timestamp(Base64.getDecoder().decode(((JsonString) ((JsonObject) t).getOrNull("signedTimestamp")).value()),
            sig, root, now).problem();
        if (!add(checks, "timestamp.rfc3161", problem == null, problem == null ? "verified against a trusted TSA" : problem)) {
          return;
        }
      }
    }
  }

  /** ECDSA over the SHA-256 digest only (hashedrekord signs the artifact; we are given its digest). */
  private boolean prehashVerify(byte[] sig, byte[] digest) {
    return key.key().getAlgorithm().equals("EC") && LogEvidence.signatureVerifies("NONEwithECDSA", BC, key.key(), digest, sig);
  }

  private boolean entry(JsonObject e, byte[] sig, byte[] artifactSha256, boolean proofRequired, List<Check> checks) {
    JsonObject kv = (JsonObject) e.getOrNull("kindVersion");
    String kind = ((JsonString) kv.getOrNull("kind")).value() + "/" + ((JsonString) kv.getOrNull("version")).value();
    String bodyB64 = ((JsonString) e.getOrNull("canonicalizedBody")).value();
    byte[] body = Base64.getDecoder().decode(bodyB64);
    String bodyProblem = null;
    if (!kind.equals("hashedrekord/0.0.1")) {
      bodyProblem = "log entry kind " + kind + " is not supported for message signatures";
    } else {
      try {
        JsonObject spec = (JsonObject) ((JsonObject) Json.parse(body)).getOrNull("spec");
        bodyProblem = LogEvidence.hashedRekordV1Problem(spec, artifactSha256, sig, b64Pem -> MessageDigest.isEqual(
            LogEvidence.pemBody(new String(Base64.getDecoder().decode(b64Pem), java.nio.charset.StandardCharsets.US_ASCII)),
            key.key().getEncoded()));
      } catch (InputRejectedException | RuntimeException ex) {
        bodyProblem = "the log entry body is malformed";
      }
    }
    if (!add(checks, "tlog.body", bodyProblem == null, bodyProblem == null ? kind + " entry matches the bundle" : bodyProblem)) {
      return false;
    }
    return LogEvidence.entry(e, root, now, null, proofRequired, (n, ok, d) -> add(checks, n, ok, d)).ok();
  }
}
