package dev.airid.json;

/**
 * An immutable JSON value as read by airid's strict parser or built in code.
 *
 * <p>The model is exactly the I-JSON data model (RFC 7493): objects with unique member names, arrays, strings without
 * lone surrogates, finite IEEE 754 doubles, booleans and null. Every instance is immutable and safe to share between
 * threads. Equality is structural; object member order does not take part in equality.
 */
public sealed interface JsonValue
    permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

  /**
   * Converts a plain Java value to JSON: {@code null}, {@link Boolean}, {@link String}, {@link Number} (integers
   * within ±(2^53−1), finite doubles), {@link java.util.Map} with string keys, {@link Iterable}, or an existing
   * {@link JsonValue}.
   *
   * @throws IllegalArgumentException if the value (or anything inside it) has no exact JSON form
   */
  static JsonValue of(Object value) {
    return JavaValues.toJson(value);
  }
}
