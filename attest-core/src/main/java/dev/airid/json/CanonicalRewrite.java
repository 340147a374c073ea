package dev.airid.json;

import java.util.Objects;

/**
 * Replaces members while a value is written in RFC 8785 canonical form, so that a document derived from another (one
 * member swapped for another) can be hashed without building it: {@link Json#canonicalSha256(JsonValue,
 * CanonicalRewrite)}. The json package applies a rewrite; what to rewrite is the caller's rule (the declaration
 * package's identity form, for instance, writes each content block's text as its digest).
 *
 * <p>Called once for every member of every object written, in no particular order; implementations must be
 * stateless and thread-safe. The replacement takes part in member ordering under its own name; if two members of one
 * object end up with the same name, writing fails with {@link IllegalArgumentException}.
 */
@FunctionalInterface
public interface CanonicalRewrite {

  /**
   * The member to write in place of the member {@code name} with {@code value}, or null to write it as it is.
   * The replacement value is written as it is, not rewritten again.
   */
  Member rewrite(String name, JsonValue value);

  /**
   * One member of an object: a name and its value. The name is held to the rule of every member name: no lone
   * surrogate, which no UTF-8 can encode.
   */
  record Member(String name, JsonValue value) {
    public Member {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      int bad = JsonString.firstLoneSurrogate(name);
      if (bad >= 0) {
        throw new IllegalArgumentException("member name has a lone surrogate at index " + bad);
      }
    }
  }
}
