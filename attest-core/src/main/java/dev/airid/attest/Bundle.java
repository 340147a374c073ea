package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.Objects;
import java.util.Set;

/**
 * A Sigstore bundle v0.3 that carries a DSSE envelope signed with a public key ("managed key"): {@code
 * verificationMaterial.publicKey.hint} names the key, and there are no certificates, log entries or timestamps.
 *
 * @param hint the key id hint (may be empty); only ever a hint
 * @param envelope the signed envelope
 */
public record Bundle(String hint, Dsse.Envelope envelope) {

  /** The media type airid writes. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** The older spelling of the same version, accepted on input as Sigstore clients do. */
  public static final String MEDIA_TYPE_LEGACY = "application/vnd.dev.sigstore.bundle+json;version=0.3";

  private static final Set<String> TOP = Set.of("mediaType", "verificationMaterial", "dsseEnvelope", "messageSignature");
  private static final Set<String> MATERIAL =
      Set.of("publicKey", "certificate", "x509CertificateChain", "tlogEntries", "timestampVerificationData");

  public Bundle {
    Objects.requireNonNull(hint, "hint");
    Objects.requireNonNull(envelope, "envelope");
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("mediaType", MEDIA_TYPE)
        .put("verificationMaterial", JsonObject.builder()
            .put("publicKey", JsonObject.builder().put("hint", hint).build())
            .put("tlogEntries", JsonArray.empty())
            .build())
        .put("dsseEnvelope", envelope.toJson())
        .build();
  }

  /** Compact UTF-8 JSON, one line, no trailing newline. */
  public byte[] toBytes() {
    return Json.compact(toJson());
  }

  /** The statement in the envelope, parsed strictly. */
  public Statement statement() throws InputRejectedException {
    return Statement.parse(Json.parse(envelope.payload()));
  }

  /**
   * Reads a bundle. Errors carry a JSON Pointer: {@code /mediaType} for an unsupported version, {@code
   * /verificationMaterial…} for key material this reader does not handle, and {@link ErrorCode#ENVELOPE_INVALID} for
   * the envelope.
   */
  public static Bundle parse(JsonValue json) throws InputRejectedException {
    if (!(json instanceof JsonObject o)) {
      throw error("", "a bundle is a JSON object");
    }
    JsonValue mt = o.getOrNull("mediaType");
    if (!(mt instanceof JsonString m) || !(m.value().equals(MEDIA_TYPE) || m.value().equals(MEDIA_TYPE_LEGACY))) {
      throw error("/mediaType", "unsupported bundle media type " + (mt instanceof JsonString s ? "\"" + s.value() + "\"" : "(missing)")
          + "; expected " + MEDIA_TYPE);
    }
    for (String name : o.names()) {
      if (!TOP.contains(name)) {
        throw error("/" + name, "unknown bundle member \"" + name + "\"");
      }
    }
    if (!(o.getOrNull("verificationMaterial") instanceof JsonObject vm)) {
      throw error("/verificationMaterial", "\"verificationMaterial\" is required");
    }
    for (String name : vm.names()) {
      if (!MATERIAL.contains(name)) {
        throw error("/verificationMaterial/" + name, "unknown verification material \"" + name + "\"");
      }
    }
    if (vm.has("certificate") || vm.has("x509CertificateChain")) {
      throw error("/verificationMaterial", "the bundle is signed with a certificate (keyless); verify it with a certificate identity, not a key");
    }
    if (!(vm.getOrNull("publicKey") instanceof JsonObject pk)) {
      throw error("/verificationMaterial/publicKey", "a public-key bundle needs \"publicKey\"");
    }
    JsonValue hint = pk.getOrNull("hint");
    if ((hint != null && !(hint instanceof JsonString)) || pk.size() > (hint == null ? 0 : 1)) {
      throw error("/verificationMaterial/publicKey", "\"publicKey\" holds only a string \"hint\"");
    }
    // A log entry or timestamp this verifier does not check must not be mistaken for one that was checked.
    if (vm.getOrNull("tlogEntries") instanceof JsonArray t && !t.isEmpty()
        || vm.has("tlogEntries") && !(vm.getOrNull("tlogEntries") instanceof JsonArray)) {
      throw error("/verificationMaterial/tlogEntries", "transparency log entries are not supported with key-based verification");
    }
    JsonValue ts = vm.getOrNull("timestampVerificationData");
    if (ts != null && !(ts instanceof JsonObject tso && (tso.isEmpty()
        || tso.size() == 1 && tso.getOrNull("rfc3161Timestamps") instanceof JsonArray a && a.isEmpty()))) {
      throw error("/verificationMaterial/timestampVerificationData", "timestamps are not supported with key-based verification");
    }
    if (o.has("messageSignature")) {
      throw error("/messageSignature", "the bundle holds a message signature, not an attestation (DSSE envelope)");
    }
    if (!o.has("dsseEnvelope")) {
      throw error("/dsseEnvelope", "\"dsseEnvelope\" is required");
    }
    Dsse.Envelope env = Dsse.parse(o.getOrNull("dsseEnvelope"), "/dsseEnvelope");
    return new Bundle(hint == null ? "" : ((JsonString) hint).value(), env);
  }

  private static InputRejectedException error(String where, String reason) {
    return new InputRejectedException(ErrorCode.BUNDLE_INVALID, where, -1, reason);
  }
}
