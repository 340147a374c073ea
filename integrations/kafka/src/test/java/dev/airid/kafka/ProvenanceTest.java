package dev.airid.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

  @Test
  void attachReplacesAnyProvenanceAndKeepsTheRest(@TempDir Path dir) throws Exception {
    Fixtures f = new Fixtures();
    byte[] value = Fixtures.value(1);
    Path file = dir.resolve("antwort.md.airid.jsonl");
    Files.write(file, f.provenance(value));
    Provenance p = Provenance.read(file);
    assertArrayEquals(Files.readAllBytes(file), p.bytes());

    org.apache.kafka.common.header.Headers h = new RecordHeaders().add("trace", new byte[] {1}).add(AiridHeaders.PROVENANCE, new byte[] {9});
    ProducerRecord<String, byte[]> r = p.attachTo(new ProducerRecord<>("t", 3, 1234L, "k", value, h));
    assertEquals("t", r.topic());
    assertEquals(3, r.partition());
    assertEquals(1234L, r.timestamp());
    assertEquals("k", r.key());
    assertArrayEquals(value, r.value());
    List<Header> all = List.of(r.headers().toArray());
    assertEquals(List.of("trace", AiridHeaders.PROVENANCE), all.stream().map(Header::key).toList());
    assertArrayEquals(p.bytes(), r.headers().lastHeader(AiridHeaders.PROVENANCE).value());
    assertArrayEquals(new byte[] {9}, h.lastHeader(AiridHeaders.PROVENANCE).value()); // the caller's headers are kept
  }

  @Test
  void badProvenanceIsRefusedWithACode(@TempDir Path dir) throws Exception {
    assertEquals(ErrorCode.PROVENANCE_INVALID, assertThrows(InputRejectedException.class,
        () -> Provenance.of(" \n".getBytes(StandardCharsets.UTF_8))).code());
    assertEquals(ErrorCode.PROVENANCE_INVALID, assertThrows(InputRejectedException.class, () -> Provenance.of(List.of())).code());
    assertEquals(ErrorCode.JSON_TOO_LARGE, assertThrows(InputRejectedException.class,
        () -> Provenance.of(new byte[AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES + 1])).code());
    assertEquals(ErrorCode.INPUT_NOT_FOUND, assertThrows(InputRejectedException.class,
        () -> Provenance.read(dir.resolve("absent.airid.jsonl"))).code());
    assertEquals(ErrorCode.INPUT_NOT_FOUND, assertThrows(InputRejectedException.class, () -> Provenance.read(dir)).code());
    Path big = dir.resolve("big.airid.jsonl");
    Files.write(big, new byte[AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES + 1]);
    assertEquals(ErrorCode.JSON_TOO_LARGE, assertThrows(InputRejectedException.class, () -> Provenance.read(big)).code());
  }
}
