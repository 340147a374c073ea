package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Sigstore bundle v0.3 that carries a DSSE envelope, signed either with a public key ("managed key"; {@code
 * verificationMaterial.publicKey.hint} names the key, and there are no log entries or timestamps) or keylessly (a
 * short-lived signing certificate, transparency log entries and optional RFC 3161 timestamps).
 *
 * <p>Parsing checks the shape only; whether the material is trusted is the verifier's job.
 *
 * @param material who signed: a key hint, or a certificate with its log evidence
 * @param envelope the signed envelope
 */
public record Bundle(Material material, Dsse.Envelope envelope) {

  /** The verification material of a bundle. */
  public sealed interface Material permits KeyHint, Certificate {}

  /** A public-key bundle: the hint names the key (may be empty) and is only ever a hint. */
  public record KeyHint(String hint) implements Material {
    public KeyHint {
      Objects.requireNonNull(hint, "hint");
    }
  }

  /**
   * A keyless bundle's material.
   *
   * @param der the signing certificate, DER
   * @param tlogEntries the transparency log entries, as the bundle holds them (Sigstore's protobuf JSON)
   * @param rfc3161Timestamps the signed timestamps, DER, possibly none
   */
  public record Certificate(byte[] der, List<JsonObject> tlogEntries, List<byte[]> rfc3161Timestamps) implements Material {
    public Certificate {
      der = der.clone();
      tlogEntries = List.copyOf(tlogEntries);
      rfc3161Timestamps = rfc3161Timestamps.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] der() {
      return der.clone();
    }

    /** The bundle's {@code verificationMaterial} for this certificate and its evidence. */
    public JsonObject toJson() {
      JsonObject.Builder b = JsonObject.builder()
          .put("certificate", JsonObject.builder().put("rawBytes", B64.encodeToString(der)).build())
          .put("tlogEntries", JsonArray.of(tlogEntries));
      if (!rfc3161Timestamps.isEmpty()) {
        List<JsonValue> ts = new ArrayList<>();
        rfc3161Timestamps.forEach(t -> ts.add(JsonObject.builder().put("signedTimestamp", B64.encodeToString(t)).build()));
        b.put("timestampVerificationData", JsonObject.builder().put("rfc3161Timestamps", JsonArray.of(ts)).build());
      }
      return b.build();
    }
  }

  /** A public-key bundle. */
  public Bundle(String hint, Dsse.Envelope envelope) {
    this(new KeyHint(hint), envelope);
  }

  /** The key hint of a public-key bundle; empty for a keyless one. */
  public String hint() {
    return material instanceof KeyHint k ? k.hint() : "";
  }

  /** Most log entries or timestamps a keyless bundle may carry. */
  public static final int MAX_EVIDENCE = 16;

  /** The media type airid writes. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** The older spelling of the same version, accepted on input as Sigstore clients do. */
  public static final String MEDIA_TYPE_LEGACY = "application/vnd.dev.sigstore.bundle+json;version=0.3";

  private static final Set<String> TOP = Set.of("mediaType", "verificationMaterial", "dsseEnvelope", "messageSignature");
  private static final Set<String> MATERIAL =
      Set.of("publicKey", "certificate", "x509CertificateChain", "tlogEntries", "timestampVerificationData");

  public Bundle {
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(envelope, "envelope");
  }

  public JsonObject toJson() {
    JsonObject vm;
    if (material instanceof Certificate c) {
      vm = c.toJson();
    } else {
      vm = JsonObject.builder()
          .put("publicKey", JsonObject.builder().put("hint", hint()).build())
          .put("tlogEntries", JsonArray.empty())
          .build();
    }
    return JsonObject.builder()
        .put("mediaType", MEDIA_TYPE)
        .put("verificationMaterial", vm)
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
    if (vm.has("x509CertificateChain")) {
      throw error("/verificationMaterial/x509CertificateChain", "a v0.3 bundle carries its signing certificate as \"certificate\"");
    }
    if (o.has("messageSignature")) {
      throw error("/messageSignature", "the bundle holds a message signature, not an attestation (DSSE envelope)");
    }
    if (vm.has("certificate")) {
      if (vm.has("publicKey")) {
        throw error("/verificationMaterial", "a bundle has a certificate or a public key, not both");
      }
      Certificate material = certificate(vm);
      if (!o.has("dsseEnvelope")) {
        throw error("/dsseEnvelope", "\"dsseEnvelope\" is required");
      }
      return new Bundle(material, Dsse.parse(o.getOrNull("dsseEnvelope"), "/dsseEnvelope"));
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
    if (!o.has("dsseEnvelope")) {
      throw error("/dsseEnvelope", "\"dsseEnvelope\" is required");
    }
    Dsse.Envelope env = Dsse.parse(o.getOrNull("dsseEnvelope"), "/dsseEnvelope");
    return new Bundle(hint == null ? "" : ((JsonString) hint).value(), env);
  }

  private static Certificate certificate(JsonObject vm) throws InputRejectedException {
    byte[] der;
    if (!(vm.getOrNull("certificate") instanceof JsonObject c) || c.size() != 1 || !(c.getOrNull("rawBytes") instanceof JsonString raw)) {
      throw error("/verificationMaterial/certificate", "\"certificate\" holds only a string \"rawBytes\"");
    }
    try {
      der = B64_IN.decode(raw.value());
    } catch (IllegalArgumentException e) {
      throw error("/verificationMaterial/certificate/rawBytes", "not Base64");
    }
    List<JsonObject> entries = new ArrayList<>();
    if (!(vm.getOrNull("tlogEntries") instanceof JsonArray t) || t.size() > MAX_EVIDENCE) {
      throw error("/verificationMaterial/tlogEntries", "a keyless bundle needs \"tlogEntries\", an array of at most " + MAX_EVIDENCE);
    }
    for (int i = 0; i < t.size(); i++) {
      if (!(t.get(i) instanceof JsonObject e)) {
        throw error("/verificationMaterial/tlogEntries/" + i, "a log entry is an object");
      }
      entries.add(e);
    }
    List<byte[]> stamps = new ArrayList<>();
    JsonValue tvd = vm.getOrNull("timestampVerificationData");
    if (tvd != null) {
      String at = "/verificationMaterial/timestampVerificationData";
      if (!(tvd instanceof JsonObject tv) || tv.size() > 1 || tv.size() == 1 && !(tv.getOrNull("rfc3161Timestamps") instanceof JsonArray)) {
        throw error(at, "holds only \"rfc3161Timestamps\"");
      }
      JsonArray ts = tv.getOrNull("rfc3161Timestamps") instanceof JsonArray a ? a : JsonArray.empty();
      if (ts.size() > MAX_EVIDENCE) {
        throw error(at, "more than " + MAX_EVIDENCE + " timestamps");
      }
      for (int i = 0; i < ts.size(); i++) {
        if (!(ts.get(i) instanceof JsonObject s) || s.size() != 1 || !(s.getOrNull("signedTimestamp") instanceof JsonString st)) {
          throw error(at + "/rfc3161Timestamps/" + i, "a timestamp is {\"signedTimestamp\": Base64}");
        }
        try {
          stamps.add(B64_IN.decode(st.value()));
        } catch (IllegalArgumentException e) {
          throw error(at + "/rfc3161Timestamps/" + i, "not Base64");
        }
      }
    }
    return new Certificate(der, entries, stamps);
  }

  private static final java.util.Base64.Encoder B64 = java.util.Base64.getEncoder();
  private static final java.util.Base64.Decoder B64_IN = java.util.Base64.getDecoder();

  private static InputRejectedException error(String where, String reason) {
    return new InputRejectedException(ErrorCode.BUNDLE_INVALID, where, -1, reason);
  }
}
