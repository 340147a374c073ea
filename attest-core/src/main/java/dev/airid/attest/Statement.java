package dev.airid.attest;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-toto Statement v1: subjects, a predicate type and a predicate.
 *
 * <p>{@link #parse} applies the in-toto v1 rules (those of the reference Go binding): a known {@code _type}, at least
 * one subject, each subject a ResourceDescriptor with a non-empty digest whose values decode to the right length for
 * known algorithms, a non-empty {@code predicateType}, and an object {@code predicate}.
 *
 * @param type the {@code _type}
 * @param subjects at least one
 * @param predicateType a URI naming the predicate schema
 * @param predicate the predicate object
 */
public record Statement(String type, List<Subject> subjects, String predicateType, JsonObject predicate) {

  /** The {@code _type} of a v1 Statement. */
  public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";

  /** The legacy {@code _type} that in-toto bindings still accept; airid never writes it and rejects it in bundles. */
  public static final String TYPE_V01 = "https://in-toto.io/Statement/v0.1";

  /** Statements with more subjects than this are rejected. */
  public static final int MAX_SUBJECTS = 10_000;

  public Statement {
    Objects.requireNonNull(type, "type");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(predicateType, "predicateType");
    Objects.requireNonNull(predicate, "predicate");
  }

  /** A v1 Statement. */
  public static Statement of(List<Subject> subjects, String predicateType, JsonObject predicate) {
    return new Statement(TYPE_V1, subjects, predicateType, predicate);
  }

  public JsonObject toJson() {
    List<JsonValue> subs = new ArrayList<>();
    for (Subject s : subjects) {
      JsonObject.Builder d = JsonObject.builder();
      s.digest().forEach(d::put);
      subs.add(JsonObject.builder().put("name", s.name()).put("digest", d.build()).build());
    }
    return JsonObject.builder()
        .put("_type", type)
        .put("subject", JsonArray.of(subs))
        .put("predicateType", predicateType)
        .put("predicate", predicate)
        .build();
  }

  /** Reads and validates a Statement. */
  public static Statement parse(JsonValue json) throws InputRejectedException {
    if (!(json instanceof JsonObject o)) {
      throw error("", "a Statement is a JSON object");
    }
    if (!(o.getOrNull("_type") instanceof JsonString t) || !(t.value().equals(TYPE_V1) || t.value().equals(TYPE_V01))) {
      throw error("/_type", "\"_type\" must be " + TYPE_V1);
    }
    if (!(o.getOrNull("subject") instanceof JsonArray subs) || subs.isEmpty()) {
      throw error("/subject", "at least one subject is required");
    }
    if (subs.size() > MAX_SUBJECTS) {
      throw error("/subject", "more than " + MAX_SUBJECTS + " subjects");
    }
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < subs.size(); i++) {
      subjects.add(resourceDescriptor(subs.get(i), "/subject/" + i, true));
    }
    if (!(o.getOrNull("predicateType") instanceof JsonString pt) || pt.value().isEmpty()) {
      throw error("/predicateType", "a non-empty \"predicateType\" is required");
    }
    if (!(o.getOrNull("predicate") instanceof JsonObject predicate)) {
      throw error("/predicate", "a \"predicate\" object is required");
    }
    return new Statement(t.value(), subjects, pt.value(), predicate);
  }

  /**
   * Reads an in-toto ResourceDescriptor as a subject: at least one of a non-empty name, uri or digest, digest values
   * of known algorithms of the right size. A Statement subject additionally needs a non-empty digest.
   */
  static Subject resourceDescriptor(JsonValue v, String where, boolean requireDigest) throws InputRejectedException {
    if (!(v instanceof JsonObject s)) {
      throw error(where, "a resource descriptor is a JSON object");
    }
    String name = s.getOrNull("name") instanceof JsonString n ? n.value() : "";
    String uri = s.getOrNull("uri") instanceof JsonString u ? u.value() : "";
    JsonValue digestValue = s.getOrNull("digest");
    Map<String, String> digest = new LinkedHashMap<>();
    if (digestValue != null) {
      if (!(digestValue instanceof JsonObject d)) {
        throw error(where + "/digest", "\"digest\" must be an object");
      }
      for (Map.Entry<String, JsonValue> e : d.members().entrySet()) {
        if (!(e.getValue() instanceof JsonString hex)) {
          throw error(where + "/digest/" + e.getKey(), "a digest value is a hex string");
        }
        checkDigest(e.getKey(), hex.value(), where + "/digest/" + e.getKey());
        digest.put(e.getKey(), hex.value());
      }
    }
    if (name.isEmpty() && uri.isEmpty() && digest.isEmpty()) {
      throw error(where, "a subject needs at least one of name, uri or digest");
    }
    if (requireDigest && digest.isEmpty()) {
      throw error(where + "/digest", "a subject needs a non-empty digest");
    }
    return new Subject(name, digest);
  }

  /** in-toto's ResourceDescriptor rule: known algorithms must hex-decode to their size; others are not checked. */
  private static void checkDigest(String algorithm, String value, String where) throws InputRejectedException {
    int[] sizes = sizes(algorithm);
    if (sizes.length == 0) {
      return;
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(value);
    } catch (IllegalArgumentException e) {
      throw error(where, "digest is not valid hex");
    }
    for (int size : sizes) {
      if (bytes.length == size) {
        return;
      }
    }
    throw error(where, "a " + algorithm + " digest cannot have " + bytes.length + " bytes");
  }

  private static int[] sizes(String algorithm) {
    switch (algorithm) {
      case "md5":
        return new int[] {16};
      case "sha1":
        return new int[] {20};
      case "sha224":
      case "sha512_224":
      case "sha3_224":
        return new int[] {28};
      case "sha256":
      case "sha512_256":
      case "sha3_256":
      case "dirHash":
        return new int[] {32};
      case "sha384":
      case "sha3_384":
        return new int[] {48};
      case "sha512":
      case "sha3_512":
        return new int[] {64};
      case "gitBlob":
      case "gitCommit":
      case "gitTag":
      case "gitTree":
        return new int[] {20, 32};
      default:
        return new int[0];
    }
  }

  private static InputRejectedException error(String where, String reason) {
    return new InputRejectedException(ErrorCode.STATEMENT_INVALID, where, -1, reason);
  }
}
