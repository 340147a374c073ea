package dev.airid.langchain4j;

import dev.airid.capture.ContextItem;
import dev.airid.capture.RunScope;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ContentRetriever} that reports what it retrieved to the current {@link RunScope}, so that the next model
 * call in the scope declares each piece as a {@code context} item (spec/frameworks.md §6). LangChain4j's retrieval
 * augmentor injects the same text into the user message, where it is declared as part of the message too.
 *
 * <p>The source is the segment's metadata {@code url}, else {@code file_name}, else {@code id}, else {@code
 * sha256:<hex of the text>}. Outside a run scope it only passes results through. Retrieval must run on the thread of
 * the scope (LangChain4j's default augmentor does, for one query and one retriever); otherwise carry the scope with
 * {@link RunScope#wrap}. Thread-safe when the wrapped retriever is.
 */
public final class AiridContentRetriever implements ContentRetriever {

  private final ContentRetriever delegate;

  private AiridContentRetriever(ContentRetriever delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  public static AiridContentRetriever wrap(ContentRetriever retriever) {
    return new AiridContentRetriever(retriever);
  }

  @Override
  public List<Content> retrieve(Query query) {
    List<Content> contents = delegate.retrieve(query);
    RunScope.current().ifPresent(scope -> {
      for (Content c : contents) {
        TextSegment s = c.textSegment();
        if (s != null) {
          scope.context(new ContextItem(source(s), s.text()));
        }
      }
    });
    return contents;
  }

  static String source(TextSegment s) {
    Metadata m = s.metadata();
    for (String key : List.of("url", "file_name", "id")) {
      Object v = m == null ? null : m.toMap().get(key);
      if (v != null && !v.toString().isEmpty()) {
        return v.toString();
      }
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.text().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java platform", e);
    }
  }
}
