package dev.airid.kafka;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.sigstore.Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The provenance a record carries: the bytes of a provenance file ({@code .airid.jsonl}: the run's declaration
 * bundle, then its output bundles), as written by {@code airid attest-output} or airid's framework integrations.
 * Creating one checks that the bytes split into bundles (spec/attestations.md §2.5) and fit the default gate bound
 * ({@link AiridHeaders#DEFAULT_MAX_PROVENANCE_BYTES}); whether they verify is the gate's job.
 *
 * <pre>{@code
 * Provenance p = Provenance.read(Path.of("answer.md.airid.jsonl"));
 * producer.send(p.attachTo(new ProducerRecord<>("ai-outputs", key, answerBytes)));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Provenance {

  private final byte[] bytes;

  private Provenance(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Provenance from the bytes of a provenance file (copied).
   *
   * @throws InputRejectedException {@code PROVENANCE_INVALID} if the bytes are empty or hold more than 1000 bundles,
   *     {@code JSON_TOO_LARGE} if they exceed {@link AiridHeaders#DEFAULT_MAX_PROVENANCE_BYTES}
   */
  public static Provenance of(byte[] provenanceFile) throws InputRejectedException {
    byte[] copy = Objects.requireNonNull(provenanceFile, "provenanceFile").clone();
    checkSize(copy.length, "the provenance");
    RecordVerifier.bundles(copy);
    return new Provenance(copy);
  }

  /** Provenance of {@code bundles}: the declaration bundle first, then output bundles of that run. */
  public static Provenance of(List<Bundle> bundles) throws InputRejectedException {
    if (bundles.isEmpty()) {
      throw InputRejectedException.of(ErrorCode.PROVENANCE_INVALID, "provenance needs at least the declaration bundle");
    }
    return of(RecordVerifier.join(bundles));
  }

  /**
   * Provenance read from a provenance file.
   *
   * @throws InputRejectedException {@code INPUT_NOT_FOUND} if the file is missing or unreadable, else as {@link
   *     #of(byte[])}
   * @throws OperationFailedException {@code IO_ERROR} if reading fails
   */
  public static Provenance read(Path file) throws InputRejectedException, OperationFailedException {
    if (Files.isDirectory(file)) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, file + " is a directory, not a provenance file");
    }
    byte[] data;
    try (InputStream in = Files.newInputStream(file)) {
      data = in.readNBytes(AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, file + ": no such file");
    } catch (AccessDeniedException e) {
      throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, file + ": permission denied");
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
    checkSize(data.length, file.toString());
    RecordVerifier.bundles(data);
    return new Provenance(data);
  }

  private static void checkSize(int length, String what) throws InputRejectedException {
    if (length > AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES) {
      throw InputRejectedException.of(ErrorCode.JSON_TOO_LARGE, what + " is larger than the gate's default limit of "
          + AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES + " bytes: redact the declaration, or carry it by reference "
          + "(spec/kafka.md, Size)");
    }
  }

  /** The provenance file's bytes (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The size in bytes: what the header adds to a record, besides its name. */
  public int size() {
    return bytes.length;
  }

  /**
   * {@code record} with this provenance as its one {@link AiridHeaders#PROVENANCE} header (any it had are replaced);
   * topic, partition, timestamp, key, value and other headers are kept.
   */
  public <K, V> ProducerRecord<K, V> attachTo(ProducerRecord<K, V> record) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.remove(AiridHeaders.PROVENANCE);
    headers.add(AiridHeaders.PROVENANCE, bytes.clone());
    return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(), headers);
  }

  @Override
  public String toString() {
    return "Provenance[" + bytes.length + " bytes]";
  }
}
