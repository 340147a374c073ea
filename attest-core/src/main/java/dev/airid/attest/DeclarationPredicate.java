package dev.airid.attest;

import dev.airid.InputRejectedException;
import dev.airid.declaration.Declaration;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The predicate of a declaration attestation ({@link Attestor#DECLARATION_PREDICATE}, spec/attestations.md §2.1): the
 * declaration as given (full or redacted) and, optionally, when it was declared. Read and written here only.
 *
 * @param declaration the declaration
 * @param declaredAt when it was declared, as the signer wrote it (a string; not interpreted here)
 */
public record DeclarationPredicate(Declaration declaration, Optional<String> declaredAt) {

  public DeclarationPredicate {
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(declaredAt, "declaredAt");
  }

  /** A predicate for {@code declaration}, declared at {@code at} (may be null). */
  public static DeclarationPredicate of(Declaration declaration, Instant at) {
    return new DeclarationPredicate(declaration, Optional.ofNullable(at).map(Instant::toString));
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("declaration", declaration.json());
    declaredAt.ifPresent(t -> b.put("declaredAt", t));
    return b.build();
  }

  /**
   * Reads the predicate: {@code declaration} (a valid declaration; errors carry its {@code DECL_*} code) and optionally
   * {@code declaredAt} (a string), nothing else ({@code STATEMENT_INVALID}).
   */
  public static DeclarationPredicate parse(JsonValue predicate) throws InputRejectedException {
    JsonObject p = OutputPredicate.object(predicate, "/predicate", "the declaration predicate", Set.of("declaration", "declaredAt"));
    JsonValue at = p.getOrNull("declaredAt");
    if (at != null && !(at instanceof JsonString)) {
      throw OutputPredicate.error("/predicate/declaredAt", "\"declaredAt\" must be a string");
    }
    JsonValue d = p.getOrNull("declaration");
    Declaration declaration = Declaration.of(d == null ? JsonObject.empty() : d);
    return new DeclarationPredicate(declaration, Optional.ofNullable(at).map(v -> ((JsonString) v).value()));
  }
}
