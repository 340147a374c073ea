package dev.airid.declaration;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.RunIdentity;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonLimits;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonPointer;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An AI Run Declaration: what a run will be, stated before it runs (spec/ai-run-declaration.md).
 *
 * <p>Instances are immutable, valid by construction and thread-safe. The {@linkplain #identity() identity} is computed
 * from the declaration alone: parse strictly, check, replace every content block's text by its SHA-256, canonicalise
 * with RFC 8785, hash. Redacting blocks therefore never changes it.
 *
 * <pre>{@code
 * Declaration d = Declaration.builder("gpt-4o")
 *     .modelProvider("openai")
 *     .parameter("temperature", 0.2)
 *     .instruction("system", "You are a careful reviewer.")
 *     .input("user", "Review this diff: ...")
 *     .build();
 * RunIdentity id = d.identity(); // airid:v1:sha256:…
 * }</pre>
 */
public final class Declaration {

  /** The {@code _type} of a v1 declaration. */
  public static final String TYPE = DeclarationRules.TYPE;

  private final JsonObject json;
  private final List<ContentBlock> blocks;
  private final RunIdentity identity;
  /** Built on first use: computing the identity does not need the form as a tree. A benign race. */
  private JsonObject identityForm;

  private Declaration(JsonObject json) throws InputRejectedException {
    this.json = DeclarationRules.check(json);
    // Validates every block and lists them; redacting none, it builds nothing.
    this.blocks = IdentityForm.apply(json, p -> false).blocks();
    this.identity = RunIdentity.ofDigest(Json.canonicalSha256(json, IdentityForm.DIGEST_FORM));
  }

  /** Parses and checks a declaration from UTF-8 bytes with the default {@link JsonLimits}. */
  public static Declaration parse(byte[] utf8) throws InputRejectedException {
    return parse(utf8, JsonLimits.DEFAULT);
  }

  /** Parses and checks a declaration from UTF-8 bytes within {@code limits}. */
  public static Declaration parse(byte[] utf8, JsonLimits limits) throws InputRejectedException {
    return new Declaration(asObject(Json.parse(utf8, limits, IdentityForm.HASHED_MEMBERS)));
  }

  /** Parses and checks a declaration given as a Java string. */
  public static Declaration parse(String json) throws InputRejectedException {
    return new Declaration(asObject(Json.parse(json, IdentityForm.HASHED_MEMBERS)));
  }

  /** Reads a whole stream (within the default limits) and parses it. The stream is not closed. */
  public static Declaration read(InputStream in) throws InputRejectedException, OperationFailedException {
    return new Declaration(asObject(Json.parse(in, JsonLimits.DEFAULT, IdentityForm.HASHED_MEMBERS)));
  }

  /** Checks an already parsed JSON value. */
  public static Declaration of(JsonValue json) throws InputRejectedException {
    return new Declaration(asObject(json));
  }

  /** A builder for a declaration of a run of the model named {@code modelName}. */
  public static DeclarationBuilder builder(String modelName) {
    return new DeclarationBuilder(modelName);
  }

  private static JsonObject asObject(JsonValue value) throws InputRejectedException {
    if (!(value instanceof JsonObject o)) {
      throw new InputRejectedException(ErrorCode.DECL_NOT_OBJECT, "", -1, "a declaration is a JSON object");
    }
    return o;
  }

  /** The run identity, {@code airid:v1:sha256:…}. */
  public RunIdentity identity() {
    return identity;
  }

  /** The declaration as given (content present where it was given), members in their original order. */
  public JsonObject json() {
    return json;
  }

  /** The identity form: every content block in digest form (spec §4). */
  public JsonObject identityForm() {
    JsonObject form = identityForm;
    if (form == null) {
      try {
        form = (JsonObject) IdentityForm.apply(json, p -> true).value();
      } catch (InputRejectedException e) {
        throw new IllegalStateException("a checked declaration failed its identity form", e);
      }
      identityForm = form;
    }
    return form;
  }

  /** The RFC 8785 bytes of the identity form; their SHA-256 is the identity. */
  public byte[] canonicalBytes() {
    return Json.canonicalize(identityForm());
  }

  /** The declaration as indented UTF-8 JSON, members in their original order. */
  public byte[] toJsonBytes() {
    return Json.pretty(json);
  }

  /** {@code model.name}. */
  public String modelName() {
    return ((JsonString) ((JsonObject) json.getOrNull("model")).getOrNull("name")).value();
  }

  /** The identities of the upstream runs this run names, in declaration order. */
  public List<RunIdentity> parents() {
    JsonValue parents = json.getOrNull("parents");
    if (parents == null) {
      return List.of();
    }
    List<RunIdentity> out = new ArrayList<>();
    for (JsonValue p : (JsonArray) parents) {
      out.add(new RunIdentity(((JsonString) p).value().substring(RunIdentity.PREFIX.length())));
    }
    return List.copyOf(out);
  }

  /** Every content block in document order, redacted or not. */
  public List<ContentBlock> contentBlocks() {
    return blocks;
  }

  /** Whether at least one content block is carried only as a digest. */
  public boolean isRedacted() {
    return blocks.stream().anyMatch(ContentBlock::redacted);
  }

  /** A copy with every content block in digest form. Same identity. */
  public Declaration redactAll() {
    return withJson(identityForm());
  }

  /**
   * A copy in which every content block at or below each of {@code pointers} is in digest form. Same identity.
   *
   * @throws InputRejectedException ({@link ErrorCode#INVALID_POINTER}) if a pointer does not resolve, or there is no
   *     content block at or below it
   */
  public Declaration redact(Collection<JsonPointer> pointers) throws InputRejectedException {
    List<JsonPointer> targets = new ArrayList<>();
    for (JsonPointer p : pointers) {
      targets.add(blockOfContent(p));
    }
    for (JsonPointer p : targets) {
      if (p.resolve(json).isEmpty()) {
        throw InputRejectedException.of(ErrorCode.INVALID_POINTER, "pointer \"" + p + "\" does not resolve in the declaration");
      }
      boolean any = blocks.stream().anyMatch(b -> isWithin(b.pointer(), p));
      if (!any) {
        throw InputRejectedException.of(ErrorCode.INVALID_POINTER, "there is no content block at or below \"" + p + "\"");
      }
    }
    IdentityForm.Result partial =
        IdentityForm.apply(json, block -> targets.stream().anyMatch(t -> isWithin(block, t)));
    return withJson((JsonObject) partial.value());
  }

  /** A pointer to a block's {@code content} string means the block. */
  private JsonPointer blockOfContent(JsonPointer p) {
    List<String> t = p.tokens();
    if (!t.isEmpty() && t.get(t.size() - 1).equals(IdentityForm.CONTENT)) {
      JsonPointer parent = new JsonPointer(t.subList(0, t.size() - 1));
      if (contentBlock(parent).isPresent()) {
        return parent;
      }
    }
    return p;
  }

  /** The content block at {@code pointer}, if there is one. */
  public Optional<ContentBlock> contentBlock(JsonPointer pointer) {
    return blocks.stream().filter(b -> b.pointer().equals(pointer)).findFirst();
  }

  private Declaration withJson(JsonObject redacted) {
    try {
      return new Declaration(redacted);
    } catch (InputRejectedException e) {
      throw new IllegalStateException("redacting a valid declaration made it invalid", e);
    }
  }

  static boolean isWithin(JsonPointer candidate, JsonPointer ancestor) {
    List<String> c = candidate.tokens();
    List<String> a = ancestor.tokens();
    return c.size() >= a.size() && c.subList(0, a.size()).equals(a);
  }

  /** Equal when the JSON is equal, including which blocks are redacted; compare {@link #identity()} for same run. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Declaration other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "Declaration[" + identity + ", model=" + modelName() + "]";
  }
}
