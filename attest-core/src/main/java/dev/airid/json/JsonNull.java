package dev.airid.json;

/** The JSON literal {@code null}. */
public enum JsonNull implements JsonValue {
  INSTANCE;

  @Override
  public String toString() {
    return "null";
  }
}
