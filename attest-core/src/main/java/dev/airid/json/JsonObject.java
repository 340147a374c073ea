package dev.airid.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object: an immutable map from unique member names to values. Iteration follows the order in which members
 * were read or added; canonical serialisation sorts them (RFC 8785).
 */
public final class JsonObject implements JsonValue {

  private static final JsonObject EMPTY = new JsonObject(Map.of());

  private final Map<String, JsonValue> members;

  private JsonObject(Map<String, JsonValue> members) {
    this.members = members;
  }

  /** Wraps a map the caller has built and will not touch again (parser and builders only). */
  static JsonObject adopt(LinkedHashMap<String, JsonValue> members) {
    return members.isEmpty() ? EMPTY : new JsonObject(Collections.unmodifiableMap(members));
  }

  public static JsonObject of(Map<String, ? extends JsonValue> members) {
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>();
    members.forEach(
        (k, v) -> {
          checkName(k);
          copy.put(k, Objects.requireNonNull(v, "value of member " + k));
        });
    return adopt(copy);
  }

  public static JsonObject empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts with this object's members. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.members.putAll(members);
    return b;
  }

  /** The members, unmodifiable, in insertion order. */
  public Map<String, JsonValue> members() {
    return members;
  }

  public Set<String> names() {
    return members.keySet();
  }

  public Optional<JsonValue> get(String name) {
    return Optional.ofNullable(members.get(name));
  }

  /** The member's value, or {@code null} if absent. */
  public JsonValue getOrNull(String name) {
    return members.get(name);
  }

  public boolean has(String name) {
    return members.containsKey(name);
  }

  public int size() {
    return members.size();
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonObject other && members.equals(other.members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  @Override
  public String toString() {
    return Json.toCanonicalString(this);
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "member name");
    int bad = JsonString.firstLoneSurrogate(name);
    if (bad >= 0) {
      throw new IllegalArgumentException("member name has a lone surrogate at index " + bad);
    }
  }

  /** Builds a {@link JsonObject}. Not thread-safe; a builder may be used for one object only. */
  public static final class Builder {
    private LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

    private Builder() {}

    /** Sets a member, replacing any earlier value of the same name (the position of the first is kept). */
    public Builder put(String name, JsonValue value) {
      checkName(name);
      members.put(name, Objects.requireNonNull(value, "value of member " + name));
      return this;
    }

    public Builder put(String name, String value) {
      return put(name, JsonString.of(value));
    }

    public Builder put(String name, long value) {
      return put(name, JsonNumber.of(value));
    }

    public Builder put(String name, double value) {
      return put(name, JsonNumber.of(value));
    }

    public Builder put(String name, boolean value) {
      return put(name, JsonBoolean.of(value));
    }

    public Builder remove(String name) {
      members.remove(name);
      return this;
    }

    public boolean has(String name) {
      return members.containsKey(name);
    }

    public JsonObject build() {
      LinkedHashMap<String, JsonValue> built = members;
      members = new LinkedHashMap<>(built);
      return adopt(built);
    }
  }
}
