package dev.airid.json;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An RFC 6901 JSON Pointer, such as {@code /instructions/0}. Immutable.
 *
 * @param tokens the unescaped reference tokens; empty for the whole document
 */
public record JsonPointer(List<String> tokens) {

  public static final JsonPointer ROOT = new JsonPointer(List.of());

  public JsonPointer {
    tokens = List.copyOf(tokens);
  }

  /**
   * Parses a pointer.
   *
   * @throws InputRejectedException ({@link ErrorCode#INVALID_POINTER}) if it is not "" and does not start with '/', or
   *     has a '~' not followed by '0' or '1'
   */
  public static JsonPointer parse(String text) throws InputRejectedException {
    if (text.isEmpty()) {
      return ROOT;
    }
    if (text.charAt(0) != '/') {
      throw InputRejectedException.of(
          ErrorCode.INVALID_POINTER, "JSON pointer \"" + text + "\" must be empty or start with '/'");
    }
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '/') {
        tokens.add(token.toString());
        token.setLength(0);
        continue;
      }
      char c = text.charAt(i);
      if (c == '~') {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        if (next != '0' && next != '1') {
          throw InputRejectedException.of(
              ErrorCode.INVALID_POINTER, "JSON pointer \"" + text + "\" has '~' not followed by 0 or 1");
        }
        token.append(next == '0' ? '~' : '/');
        i++;
      } else {
        token.append(c);
      }
    }
    return new JsonPointer(tokens);
  }

  /** Parses each of {@code texts}, in order. */
  public static List<JsonPointer> parseAll(java.util.Collection<String> texts) throws InputRejectedException {
    List<JsonPointer> out = new ArrayList<>();
    for (String t : texts) {
      out.add(parse(t));
    }
    return out;
  }

  public JsonPointer append(String token) {
    List<String> t = new ArrayList<>(tokens);
    t.add(token);
    return new JsonPointer(t);
  }

  public JsonPointer append(int index) {
    return append(Integer.toString(index));
  }

  /** The value this pointer refers to in {@code root}, if any. */
  public Optional<JsonValue> resolve(JsonValue root) {
    JsonValue current = root;
    for (String token : tokens) {
      if (current instanceof JsonObject o) {
        current = o.getOrNull(token);
      } else if (current instanceof JsonArray a) {
        int index = arrayIndex(token);
        current = index >= 0 && index < a.size() ? a.get(index) : null;
      } else {
        current = null;
      }
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  /** The index an array reference token denotes, or -1 if it is not a valid index ("0", or no leading zero). */
  static int arrayIndex(String token) {
    int n = token.length();
    if (n == 0 || n > 9 || (n > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static String escape(String token) {
    if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
      return token;
    }
    return token.replace("~", "~0").replace("/", "~1");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (String t : tokens) {
      sb.append('/').append(escape(t));
    }
    return sb.toString();
  }
}
