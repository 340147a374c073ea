package dev.airid.sigstore.internal;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one protobuf message from its JSON form, following the proto3 JSON mapping as protobuf's own parser does, so
 * that every reader of Sigstore data in airid agrees on what a document says:
 *
 * <ul>
 *   <li>a field may be spelled with its JSON name ({@code logIndex}) or its original proto name ({@code log_index}),
 *       but not both: two spellings of one field are one field set twice, which is refused;
 *   <li>a field holding its default value may be omitted, and {@code null} means the default;
 *   <li>64-bit integers may be JSON numbers or decimal strings (numbers within ±(2^53−1), as I-JSON allows);
 *   <li>{@code bytes} are Base64, standard or URL-safe, padded or not;
 *   <li>enum values may be names or numbers;
 *   <li>unknown fields are refused, as protobuf's parser does by default and the protobuf-specs JSON schemas say
 *       ({@code additionalProperties: false}): a member that one reader honours and another ignores would let one
 *       document say two things.
 * </ul>
 *
 * Every malformation is an {@link InputRejectedException} with the caller's code and the JSON Pointer of the value.
 * Instances are immutable; they are made only by {@link #message}.
 */
public final class ProtoJson {

  private final JsonObject object;
  private final String at;
  private final ErrorCode code;
  /** Field (JSON name) → the member name it is spelled with in this document. */
  private final Map<String, String> spelling;
  /** Protobuf JSON (both spellings) or plain JSON; nested objects are read the same way. */
  private final boolean proto;
  private final boolean ignoreUnknown;

  private ProtoJson(JsonObject object, String at, ErrorCode code, Map<String, String> spelling, boolean proto,
      boolean ignoreUnknown) {
    this.object = object;
    this.at = at;
    this.code = code;
    this.spelling = spelling;
    this.proto = proto;
    this.ignoreUnknown = ignoreUnknown;
  }

  /**
   * Reads {@code value} at {@code at} as a message of {@code type} (for messages) with these fields. Each field is its
   * JSON name; where the proto name is not that name in snake_case (as in in-toto's {@code payloadType}), write
   * {@code "jsonName=protoName"}.
   */
  public static ProtoJson message(JsonValue value, String at, ErrorCode code, String type, String... fields)
      throws InputRejectedException {
    return read(value, at, code, type, true, false, fields);
  }

  /**
   * Reads a plain JSON object that is not a protobuf message (a Rekor v1 entry body, a Fulcio or Rekor answer): its
   * fields have one spelling each. With {@code ignoreUnknown}, other members are ignored, as the Go structs that
   * write and read such documents do; the reader never looks at them.
   */
  public static ProtoJson plain(JsonValue value, String at, ErrorCode code, String type, boolean ignoreUnknown, String... fields)
      throws InputRejectedException {
    return read(value, at, code, type, false, ignoreUnknown, fields);
  }

  private static ProtoJson read(JsonValue value, String at, ErrorCode code, String type, boolean proto, boolean ignoreUnknown,
      String... fields) throws InputRejectedException {
    if (!(value instanceof JsonObject o)) {
      throw new InputRejectedException(code, at, -1, type + " must be a JSON object");
    }
    Map<String, String> field = new HashMap<>(fields.length * 4);
    for (String f : fields) {
      int eq = f.indexOf('=');
      String json = eq < 0 ? f : f.substring(0, eq);
      field.put(json, json);
      if (proto) {
        field.put(eq < 0 ? snake(json) : f.substring(eq + 1), json);
      }
    }
    Map<String, String> spelling = new HashMap<>();
    for (String name : o.names()) {
      String f = field.get(name);
      if (f == null) {
        if (ignoreUnknown) {
          continue;
        }
        throw new InputRejectedException(code, at + "/" + escape(name), -1, "unknown field \"" + name + "\" in " + type);
      }
      String earlier = spelling.put(f, name);
      if (earlier != null) {
        throw new InputRejectedException(code, at + "/" + escape(name), -1,
            "field " + f + " of " + type + " is given twice, as \"" + earlier + "\" and \"" + name + "\"");
      }
    }
    return new ProtoJson(o, at, code, spelling, proto, ignoreUnknown);
  }

  /** The proto field name protoc derives the given JSON name from: {@code x509CertificateChain → x509_certificate_chain}. */
  public static String snake(String json) {
    StringBuilder sb = new StringBuilder(json.length() + 4);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        sb.append('_').append((char) (c + ('a' - 'A')));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The pointer of a field, spelled as in the document (or by its JSON name, when absent). */
  public String pointer(String field) {
    return at + "/" + escape(spelling.getOrDefault(field, field));
  }

  /** The pointer of this message. */
  public String pointer() {
    return at;
  }

  public ErrorCode code() {
    return code;
  }

  /** The field's value; absent when omitted or null (both mean the default). */
  public Optional<JsonValue> raw(String field) {
    String name = spelling.get(field);
    JsonValue v = name == null ? null : object.getOrNull(name);
    return v == null || v instanceof JsonNull ? Optional.empty() : Optional.of(v);
  }

  public boolean has(String field) {
    return raw(field).isPresent();
  }

  /** At most one of {@code fields} (a oneof) is set; returns it, if any. */
  public Optional<String> oneof(String... fields) throws InputRejectedException {
    String set = null;
    for (String f : fields) {
      if (has(f)) {
        if (set != null) {
          throw error(f, "\"" + set + "\" and \"" + f + "\" are alternatives; only one may be set");
        }
        set = f;
      }
    }
    return Optional.ofNullable(set);
  }

  public InputRejectedException error(String field, String reason) {
    return new InputRejectedException(code, pointer(field), -1, reason);
  }

  public InputRejectedException error(String reason) {
    return new InputRejectedException(code, at, -1, reason);
  }

  /** A string field; "" when absent. */
  public String string(String field) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    if (v.isEmpty()) {
      return "";
    }
    if (!(v.get() instanceof JsonString s)) {
      throw error(field, "\"" + field + "\" must be a string");
    }
    return s.value();
  }

  /** A string field that must be present and non-empty. */
  public String requiredString(String field) throws InputRejectedException {
    String s = string(field);
    if (s.isEmpty()) {
      throw error(field, "\"" + field + "\" is required");
    }
    return s;
  }

  /** A bytes field: Base64, standard or URL-safe, padded or not; empty when absent. */
  public byte[] bytes(String field) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    if (v.isEmpty()) {
      return new byte[0];
    }
    if (!(v.get() instanceof JsonString s)) {
      throw error(field, "\"" + field + "\" must be a Base64 string");
    }
    return base64(s, pointer(field));
  }

  /** A bytes field that must be present and non-empty. */
  public byte[] requiredBytes(String field) throws InputRejectedException {
    byte[] b = bytes(field);
    if (b.length == 0) {
      throw error(field, "\"" + field + "\" is required");
    }
    return b;
  }

  /** Repeated bytes, at most {@code max}. */
  public List<byte[]> bytesList(String field, int max) throws InputRejectedException {
    JsonArray a = array(field, max);
    List<byte[]> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      if (!(a.get(i) instanceof JsonString s)) {
        throw new InputRejectedException(code, pointer(field) + "/" + i, -1, "must be a Base64 string");
      }
      out.add(base64(s, pointer(field) + "/" + i));
    }
    return out;
  }

  /** An int64 field: a JSON number or a decimal string; 0 when absent. */
  public long int64(String field) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    if (v.isEmpty()) {
      return 0;
    }
    return integer(v.get(), pointer(field), Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A uint32 field. */
  public long uint32(String field) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    return v.isEmpty() ? 0 : integer(v.get(), pointer(field), 0, 0xFFFF_FFFFL);
  }

  private long integer(JsonValue v, String where, long min, long max) throws InputRejectedException {
    BigDecimal d;
    if (v instanceof JsonNumber n) {
      d = new BigDecimal(n.value());
    } else if (v instanceof JsonString s) {
      try {
        d = new BigDecimal(s.value().strip().equals(s.value()) ? s.value() : "x");
      } catch (NumberFormatException e) {
        throw new InputRejectedException(code, where, -1, "not an integer: \"" + s.value() + "\"");
      }
    } else {
      throw new InputRejectedException(code, where, -1, "must be an integer (a number or a decimal string)");
    }
    // The range first, on the decimal: comparing needs no expansion, whereas making an integer of "1e99999999" computes
    // all its digits (minutes of work for a 12-character string).
    if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new InputRejectedException(code, where, -1, "integer out of range");
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw new InputRejectedException(code, where, -1, "not a whole number");
    }
  }

  /** An enum field: its name, or its number; the value for number 0 when absent. */
  public <E extends Enum<E>> E enumeration(String field, Class<E> type, java.util.function.IntFunction<Optional<E>> byNumber)
      throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    if (v.isEmpty()) {
      return byNumber.apply(0).orElseThrow();
    }
    if (v.get() instanceof JsonString s) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(s.value())) {
          return e;
        }
      }
      throw error(field, "unknown value \"" + s.value() + "\" of " + type.getSimpleName());
    }
    long n = integer(v.get(), pointer(field), Integer.MIN_VALUE, Integer.MAX_VALUE);
    return byNumber.apply((int) n).orElseThrow(() -> error(field, "unknown value " + n + " of " + type.getSimpleName()));
  }

  /**
   * Checks an enum field as the mapping reads it, for a field airid does not use: a known name, or any 32-bit number
   * (proto3 enums are open, so protobuf keeps a number that names no value).
   */
  public void enumWellFormed(String field, java.util.Set<String> names) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    if (v.isEmpty()) {
      return;
    }
    if (v.get() instanceof JsonString s) {
      if (!names.contains(s.value())) {
        throw error(field, "unknown value \"" + s.value() + "\"");
      }
      return;
    }
    integer(v.get(), pointer(field), Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /**
   * A google.protobuf.Timestamp field, as protobuf reads it: {@code YYYY-MM-DDThh:mm:ss}, an optional fraction of up to
   * nine digits, then {@code Z} or an offset {@code ±hh:mm}; upper-case {@code T} and {@code Z}; years 0001 to 9999.
   * Forms protobuf's parser refuses (no seconds, lower case, offset seconds, five-digit years, year 0) are refused too;
   * forms it reads by rolling over or truncating (February 30, hour 24, second 60, a tenth fraction digit) are refused
   * rather than given a value that was not written.
   */
  public Optional<Instant> timestamp(String field) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!(v.get() instanceof JsonString s)) {
      throw error(field, "\"" + field + "\" must be an RFC 3339 time string");
    }
    if (!RFC3339.matcher(s.value()).matches()) {
      throw error(field, "not an RFC 3339 time as protobuf writes it: \"" + s.value() + "\"");
    }
    try {
      return Optional.of(OffsetDateTime.parse(s.value(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      throw error(field, "not an RFC 3339 time: \"" + s.value() + "\"");
    }
  }

  /** The google.protobuf.Timestamp JSON form (protobuf's Timestamps.parse); the calendar is checked after. */
  private static final java.util.regex.Pattern RFC3339 = java.util.regex.Pattern.compile(
      "(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

  /** A message field, if set. */
  public Optional<ProtoJson> message(String field, String type, String... fields) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    return v.isEmpty() ? Optional.empty() : Optional.of(read(v.get(), pointer(field), code, type, proto, ignoreUnknown, fields));
  }

  /** A message field that must be set. */
  public ProtoJson requiredMessage(String field, String type, String... fields) throws InputRejectedException {
    return message(field, type, fields).orElseThrow(() -> error(field, "\"" + field + "\" is required"));
  }

  /** A repeated message field, at most {@code max} elements. */
  public List<ProtoJson> messages(String field, int max, String type, String... fields) throws InputRejectedException {
    JsonArray a = array(field, max);
    List<ProtoJson> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(read(a.get(i), pointer(field) + "/" + i, code, type, proto, ignoreUnknown, fields));
    }
    return out;
  }

  private JsonArray array(String field, int max) throws InputRejectedException {
    Optional<JsonValue> v = raw(field);
    if (v.isEmpty()) {
      return JsonArray.empty();
    }
    if (!(v.get() instanceof JsonArray a)) {
      throw error(field, "\"" + field + "\" must be an array");
    }
    if (a.size() > max) {
      throw error(field, "more than " + max + " elements in \"" + field + "\"");
    }
    return a;
  }

  /** Standard or URL-safe Base64, padding optional; not both alphabets at once. */
  public static byte[] base64(JsonString s, String where, ErrorCode code) throws InputRejectedException {
    // Straight from the parsed UTF-8, standard alphabet first: a payload is kilobytes, and making a String of it only
    // to decode it again cost a fifth of reading a bundle. Each decoder rejects the other's two letters, so text in one
    // alphabet decodes with exactly one of them and text mixing both decodes with neither. (DSSE's base64 is this too.)
    try {
      return s.decode(Base64.getDecoder());
    } catch (IllegalArgumentException standard) {
      try {
        return s.decode(Base64.getUrlDecoder());
      } catch (IllegalArgumentException e) {
        String text = s.value();
        boolean mixed = (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) && (text.indexOf('+') >= 0 || text.indexOf('/') >= 0);
        throw new InputRejectedException(code, where, -1, mixed ? "base64 mixes the standard and URL-safe alphabets" : "not valid base64");
      }
    }
  }

  private byte[] base64(JsonString s, String where) throws InputRejectedException {
    return base64(s, where, code);
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
