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
 * @param producer the software that captured the run (a framework integration and its version): attested, but not
 *     part of the run identity, so the same call made through two frameworks keeps one identity
 */
public record DeclarationPredicate(Declaration declaration, Optional<String> declaredAt, Optional<Producer> producer) {

  /**
   * Who captured a run.
   *
   * @param name e.g. {@code langchain4j} or {@code spring-ai}
   * @param version its version, possibly empty when unknown
   */
  public record Producer(String name, String version) {
    public Producer {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a producer has a name");
      }
    }
  }

  public DeclarationPredicate {
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(declaredAt, "declaredAt");
    Objects.requireNonNull(producer, "producer");
  }

  /** A predicate for {@code declaration}, declared at {@code at} (may be null). */
  public static DeclarationPredicate of(Declaration declaration, Instant at) {
    return new DeclarationPredicate(declaration, Optional.ofNullable(at).map(dev.airid.internal.Instants::iso), Optional.empty());
  }

  /** This predicate with {@code producer}. */
  public DeclarationPredicate producedBy(Producer producer) {
    return new DeclarationPredicate(declaration, declaredAt, Optional.of(producer));
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("declaration", declaration.json());
    declaredAt.ifPresent(t -> b.put("declaredAt", t));
    producer.ifPresent(p -> b.put("producer", JsonObject.builder().put("name", p.name()).put("version", p.version()).build()));
    return b.build();
  }

  /**
   * Reads the predicate: {@code declaration} (a valid declaration; errors carry its {@code DECL_*} code) and optionally
   * {@code declaredAt} (a string) and {@code producer} ({@code name}, non-empty, and {@code version}, strings), nothing
   * else ({@code STATEMENT_INVALID}).
   */
  public static DeclarationPredicate parse(JsonValue predicate) throws InputRejectedException {
    JsonObject p = OutputPredicate.object(predicate, "/predicate", "the declaration predicate",
        Set.of("declaration", "declaredAt", "producer"));
    Optional<Producer> producer = Optional.empty();
    if (p.has("producer")) {
      JsonObject o = OutputPredicate.object(p.getOrNull("producer"), "/predicate/producer", "producer", Set.of("name", "version"));
      if (!(o.getOrNull("name") instanceof JsonString n) || n.value().isEmpty() || !(o.getOrNull("version") instanceof JsonString v)) {
        throw OutputPredicate.error("/predicate/producer", "\"producer\" is {\"name\": non-empty string, \"version\": string}");
      }
      producer = Optional.of(new Producer(n.value(), v.value()));
    }
    JsonValue at = p.getOrNull("declaredAt");
    if (at != null && !(at instanceof JsonString)) {
      throw OutputPredicate.error("/predicate/declaredAt", "\"declaredAt\" must be a string");
    }
    JsonValue d = p.getOrNull("declaration");
    Declaration declaration = Declaration.of(d == null ? JsonObject.empty() : d);
    return new DeclarationPredicate(declaration, Optional.ofNullable(at).map(v -> ((JsonString) v).value()), producer);
  }
}
