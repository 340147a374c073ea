package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** DSSE v1 (secure-systems-lab/dsse): the pre-authentication encoding and the JSON envelope. */
public final class Dsse {

  /** The payloadType of an in-toto Statement. */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** Envelopes with more signatures than this are rejected. */
  public static final int MAX_SIGNATURES = 16;

  private Dsse() {}

  /**
   * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, where LEN is the decimal byte length. Lengths
   * count UTF-8 bytes, not characters: a payload with non-ASCII text has more bytes than chars.
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] mid = (" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII);
    // One exact array: a stream would copy the payload twice, and PAE is built on every verification.
    byte[] out = Arrays.copyOf(head, head.length + type.length + mid.length + payload.length);
    System.arraycopy(type, 0, out, head.length, type.length);
    System.arraycopy(mid, 0, out, head.length + type.length, mid.length);
    System.arraycopy(payload, 0, out, head.length + type.length + mid.length, payload.length);
    return out;
  }

  /** One signature of an envelope. {@code keyid} is a hint, possibly empty. */
  public record Signature(String keyid, byte[] sig) {
    public Signature {
      Objects.requireNonNull(keyid, "keyid");
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Signature s && s.keyid.equals(keyid) && Arrays.equals(s.sig, sig);
    }

    @Override
    public int hashCode() {
      return keyid.hashCode() * 31 + Arrays.hashCode(sig);
    }

    @Override
    public String toString() {
      return "Signature[keyid=" + keyid + "]";
    }
  }

  /** A DSSE envelope. The payload is the exact signed bytes. */
  public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
    public Envelope {
      Objects.requireNonNull(payloadType, "payloadType");
      payload = payload.clone();
      signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    /** The bytes that are signed. */
    public byte[] pae() {
      return Dsse.pae(payloadType, payload);
    }

    /** The payload without a defensive copy, for this package's read-only use on the verification path. */
    byte[] payloadShared() {
      return payload;
    }

    /** The envelope as JSON: payload and signatures in standard base64 with padding. */
    public JsonObject toJson() {
      List<JsonValue> sigs = new ArrayList<>();
      for (Signature s : signatures) {
        sigs.add(JsonObject.builder().put("sig", Base64.getEncoder().encodeToString(s.sig)).put("keyid", s.keyid).build());
      }
      return JsonObject.builder()
          .put("payload", Base64.getEncoder().encodeToString(payload))
          .put("payloadType", payloadType)
          .put("signatures", JsonArray.of(sigs))
          .build();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Envelope e && e.payloadType.equals(payloadType) && Arrays.equals(e.payload, payload)
          && e.signatures.equals(signatures);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload) * 31 + signatures.hashCode();
    }

    @Override
    public String toString() {
      return "Envelope[" + payloadType + ", " + payload.length + " bytes, " + signatures.size() + " signature(s)]";
    }
  }

  private static final Set<String> ENVELOPE_MEMBERS = Set.of("payload", "payloadType", "signatures");
  private static final Set<String> SIGNATURE_MEMBERS = Set.of("sig", "keyid");

  /**
   * Reads an envelope. Payload and signatures may be standard or URL-safe base64, padded or not, as the DSSE spec
   * requires of readers; anything else, unknown members, no signature or more than {@link #MAX_SIGNATURES}, is
   * rejected.
   *
   * @param where JSON Pointer of the envelope in its document, for errors
   */
  public static Envelope parse(JsonValue json, String where) throws InputRejectedException {
    if (!(json instanceof JsonObject o)) {
      throw error(where, "a DSSE envelope is a JSON object");
    }
    for (String name : o.names()) {
      if (!ENVELOPE_MEMBERS.contains(name)) {
        throw error(where + "/" + name, "unknown envelope member \"" + name + "\"");
      }
    }
    if (!(o.getOrNull("payloadType") instanceof JsonString type)) {
      throw error(where + "/payloadType", "\"payloadType\" must be a string");
    }
    if (!(o.getOrNull("payload") instanceof JsonString payload)) {
      throw error(where + "/payload", "\"payload\" must be a base64 string");
    }
    byte[] body = base64(payload, where + "/payload");
    if (!(o.getOrNull("signatures") instanceof JsonArray sigs) || sigs.isEmpty()) {
      throw error(where + "/signatures", "\"signatures\" must be a non-empty array");
    }
    if (sigs.size() > MAX_SIGNATURES) {
      throw error(where + "/signatures", "more than " + MAX_SIGNATURES + " signatures");
    }
    List<Signature> out = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      String at = where + "/signatures/" + i;
      if (!(sigs.get(i) instanceof JsonObject s)) {
        throw error(at, "a signature is a JSON object");
      }
      for (String name : s.names()) {
        if (!SIGNATURE_MEMBERS.contains(name)) {
          throw error(at + "/" + name, "unknown signature member \"" + name + "\"");
        }
      }
      if (!(s.getOrNull("sig") instanceof JsonString sig)) {
        throw error(at + "/sig", "\"sig\" must be a base64 string");
      }
      JsonValue keyid = s.getOrNull("keyid");
      if (keyid != null && !(keyid instanceof JsonString)) {
        throw error(at + "/keyid", "\"keyid\" must be a string");
      }
      byte[] bytes = base64(sig, at + "/sig");
      if (bytes.length == 0) {
        throw error(at + "/sig", "empty signature");
      }
      out.add(new Signature(keyid == null ? "" : ((JsonString) keyid).value(), bytes));
    }
    return new Envelope(type.value(), body, out);
  }

  /** Standard or URL-safe base64, padding optional, no whitespace, not both alphabets at once. */
  static byte[] base64(JsonString text, String where) throws InputRejectedException {
    return dev.airid.sigstore.internal.ProtoJson.base64(text, where, ErrorCode.ENVELOPE_INVALID);
  }

  private static InputRejectedException error(String where, String reason) {
    return new InputRejectedException(ErrorCode.ENVELOPE_INVALID, where, -1, reason);
  }
}
