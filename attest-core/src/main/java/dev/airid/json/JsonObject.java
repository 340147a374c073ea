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

  private static final JsonObject EMPTY = new JsonObject(new LinkedHashMap<>());

  private final Map<String, JsonValue> members;
  /**
   * The map behind {@link #members}, for this package's writer: iterating an unmodifiable view wraps every entry in
   * an object of its own. Never modified, never handed out.
   */
  private final LinkedHashMap<String, JsonValue> backing;

  private JsonObject(LinkedHashMap<String, JsonValue> members) {
    this.members = Collections.unmodifiableMap(members);
    this.backing = members;
  }

  /** Wraps a map the caller has built and will not touch again (parser and builders only). */
  static JsonObject adopt(LinkedHashMap<String, JsonValue> members) {
    return members.isEmpty() ? EMPTY : new JsonObject(members);
  }

  /** The members for reading inside this package, without the unmodifiable view's per-entry wrappers. */
  Map<String, JsonValue> backing() {
    return backing;
  }

  public static JsonObject of(Map<String, ? extends JsonValue> members) {
    LinkedHashMap<String, JsonValue> copy = new LinkedHashMap<>();
    members.forEach(
        (k, v) -> {
          checkName(k);
          copy.put(k, nonNull(k, v));
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

  /** {@code value}, or a NullPointerException naming the member; the message is built only when it is thrown. */
  private static JsonValue nonNull(String name, JsonValue value) {
    if (value == null) {
      throw new NullPointerException("value of member " + name);
    }
    return value;
  }

  /** Builds a {@link JsonObject}. Not thread-safe; a builder may be used for one object only. */
  public static final class Builder {
    private LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
    /** Whether {@link #members} belongs to a built object: the next change copies it first. */
    private boolean built;

    private Builder() {}

    private LinkedHashMap<String, JsonValue> mutable() {
      if (built) {
        members = new LinkedHashMap<>(members);
        built = false;
      }
      return members;
    }

    /** Sets a member, replacing any earlier value of the same name (the position of the first is kept). */
    public Builder put(String name, JsonValue value) {
      checkName(name);
      mutable().put(name, nonNull(name, value));
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
      mutable().remove(name);
      return this;
    }

    public boolean has(String name) {
      return members.containsKey(name);
    }

    public JsonObject build() {
      // Copy on the next change rather than now: most builders build once.
      built = true;
      return adopt(members);
    }
  }
}
