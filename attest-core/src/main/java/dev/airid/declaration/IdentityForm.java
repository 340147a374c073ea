package dev.airid.declaration;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.internal.Sha256;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One walk over a declaration that finds its content blocks, checks every {@code contentDigest}, and replaces the
 * {@code content} of the blocks chosen by a predicate with its digest (spec §5).
 *
 * <p>Content is hashed straight from the parser's bytes where they are the string's UTF-8 form, so computing an
 * identity reads each content byte once more after parsing and never copies it. Subtrees that hold no block are
 * shared, not rebuilt.
 */
final class IdentityForm {

  static final String CONTENT = "content";
  static final String CONTENT_DIGEST = "contentDigest";
  static final String SHA256 = "sha256";

  /**
   * What the parser hashes while it scans a declaration: the string values of {@code content} members, which the
   * identity form replaces by their digests. Given to {@link dev.airid.json.Json#parse(byte[], dev.airid.json.JsonLimits,
   * java.util.Set)}, so that each block is hashed while its bytes are in cache.
   */
  static final java.util.Set<String> HASHED_MEMBERS = java.util.Set.of(CONTENT);

  /**
   * The identity form as a rewrite of the canonical writer (spec §5): in every object, a string {@code content} is
   * written as {@code "contentDigest": {"sha256": "<hex>"}}. With it the identity is hashed without building the form.
   * Objects with both members never get here: {@link #apply} refuses them first.
   */
  static final dev.airid.json.CanonicalRewrite DIGEST_FORM = (name, value) ->
      name.equals(CONTENT) && value instanceof JsonString content
          ? new dev.airid.json.CanonicalRewrite.Member(CONTENT_DIGEST,
              JsonObject.builder().put(SHA256, Sha256.hex(content.sha256())).build())
          : null;

  /** The transformed value and every block found in it, in document order. */
  record Result(JsonValue value, List<ContentBlock> blocks) {}

  private final Predicate<JsonPointer> redact;
  private final List<ContentBlock> blocks = new ArrayList<>();
  private final List<String> path = new ArrayList<>();

  private IdentityForm(Predicate<JsonPointer> redact) {
    this.redact = redact;
  }

  /**
   * Walks {@code value}, replacing the content of every block whose pointer satisfies {@code redact}.
   *
   * @throws InputRejectedException {@link ErrorCode#DECL_CONTENT_CONFLICT} or {@link
   *     ErrorCode#DECL_INVALID_CONTENT_DIGEST}
   */
  static Result apply(JsonValue value, Predicate<JsonPointer> redact) throws InputRejectedException {
    IdentityForm walk = new IdentityForm(redact);
    JsonValue out = walk.visit(value);
    return new Result(out, List.copyOf(walk.blocks));
  }

  private JsonValue visit(JsonValue value) throws InputRejectedException {
    if (value instanceof JsonObject o) {
      return visitObject(o);
    }
    if (value instanceof JsonArray a) {
      return visitArray(a);
    }
    return value;
  }

  private JsonValue visitArray(JsonArray array) throws InputRejectedException {
    List<JsonValue> out = null;
    for (int i = 0; i < array.size(); i++) {
      JsonValue element = array.get(i);
      path.add(Integer.toString(i));
      JsonValue transformed = visit(element);
      path.remove(path.size() - 1);
      if (transformed != element && out == null) {
        out = new ArrayList<>(array.elements().subList(0, i));
      }
      if (out != null) {
        out.add(transformed);
      }
    }
    return out == null ? array : JsonArray.of(out);
  }

  private JsonValue visitObject(JsonObject object) throws InputRejectedException {
    JsonValue content = object.getOrNull(CONTENT);
    JsonValue digest = object.getOrNull(CONTENT_DIGEST);
    if (digest != null) {
      checkContentDigest(digest);
    }
    if (content != null && digest != null) {
      // Even a non-string content: an object that is both carried and redacted has no single reading.
      throw new InputRejectedException(
          ErrorCode.DECL_CONTENT_CONFLICT, pointer().toString(), -1,
          "an object has both \"content\" and \"contentDigest\"");
    }
    boolean block = content instanceof JsonString;
    String contentHex = null;
    boolean replace = false;
    if (block) {
      // Parsed content blocks carry the digest the parser computed while scanning them; built ones compute it here.
      JsonString c = (JsonString) content;
      long bytes = c.utf8Length();
      contentHex = Sha256.hex(c.sha256());
      JsonPointer here = pointer();
      replace = redact.test(here);
      blocks.add(new ContentBlock(here, contentHex, false, bytes));
    } else if (digest != null) {
      String hex = ((JsonString) ((JsonObject) digest).getOrNull(SHA256)).value();
      blocks.add(new ContentBlock(pointer(), hex, true, -1));
    }

    LinkedHashMap<String, JsonValue> out = null;
    int index = 0;
    for (Map.Entry<String, JsonValue> member : object.members().entrySet()) {
      String name = member.getKey();
      JsonValue original = member.getValue();
      String outName = name;
      JsonValue transformed;
      if (replace && name.equals(CONTENT)) {
        outName = CONTENT_DIGEST;
        transformed = JsonObject.builder().put(SHA256, contentHex).build();
      } else {
        path.add(name);
        transformed = visit(original);
        path.remove(path.size() - 1);
      }
      if (transformed != original && out == null) {
        out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, JsonValue> earlier : object.members().entrySet()) {
          if (i++ == index) {
            break;
          }
          out.put(earlier.getKey(), earlier.getValue());
        }
      }
      if (out != null) {
        out.put(outName, transformed);
      }
      index++;
    }
    return out == null ? object : JsonObject.of(out);
  }

  private void checkContentDigest(JsonValue digest) throws InputRejectedException {
    String where = pointer().append(CONTENT_DIGEST).toString();
    if (!(digest instanceof JsonObject d) || d.size() != 1 || !d.has(SHA256)) {
      throw new InputRejectedException(
          ErrorCode.DECL_INVALID_CONTENT_DIGEST, where, -1,
          "\"contentDigest\" must be an object with exactly one member, \"sha256\"");
    }
    if (!(d.getOrNull(SHA256) instanceof JsonString s) || !Sha256.isLowerHex64(s.value())) {
      throw new InputRejectedException(
          ErrorCode.DECL_INVALID_CONTENT_DIGEST, where + "/" + SHA256, -1,
          "\"sha256\" must be 64 lowercase hexadecimal digits");
    }
  }

  private JsonPointer pointer() {
    return new JsonPointer(path);
  }
}
