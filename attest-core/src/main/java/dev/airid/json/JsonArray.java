package dev.airid.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** A JSON array: an immutable list of values. */
public final class JsonArray implements JsonValue, Iterable<JsonValue> {

  private static final JsonArray EMPTY = new JsonArray(List.of());

  private final List<JsonValue> elements;

  private JsonArray(List<JsonValue> elements) {
    this.elements = elements;
  }

  /** Wraps a list the caller has built and will not touch again (parser and builders only). */
  static JsonArray adopt(List<JsonValue> elements) {
    return elements.isEmpty() ? EMPTY : new JsonArray(Collections.unmodifiableList(elements));
  }

  public static JsonArray of(List<? extends JsonValue> elements) {
    List<JsonValue> copy = new ArrayList<>(elements.size());
    for (JsonValue e : elements) {
      copy.add(Objects.requireNonNull(e, "element"));
    }
    return adopt(copy);
  }

  public static JsonArray of(JsonValue... elements) {
    return of(List.of(elements));
  }

  public static JsonArray empty() {
    return EMPTY;
  }

  /** The elements, unmodifiable. */
  public List<JsonValue> elements() {
    return elements;
  }

  public JsonValue get(int index) {
    return elements.get(index);
  }

  public int size() {
    return elements.size();
  }

  public boolean isEmpty() {
    return elements.isEmpty();
  }

  @Override
  public Iterator<JsonValue> iterator() {
    return elements.iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonArray other && elements.equals(other.elements);
  }

  @Override
  public int hashCode() {
    return elements.hashCode();
  }

  @Override
  public String toString() {
    return Json.toCanonicalString(this);
  }
}
