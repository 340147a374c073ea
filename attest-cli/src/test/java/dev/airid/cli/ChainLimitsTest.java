package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify-chain's limits (spec/limits.md), at the limit and one past it. */
class ChainLimitsTest {

  @TempDir Path tmp;

  @Test
  void filesPerChain() throws Exception {
    int max = VerifyChainCommand.MAX_FILES;
    Path dir = Files.createDirectory(tmp.resolve("d"));
    for (int i = 0; i < max - 1; i++) {
      Files.createFile(dir.resolve("run-" + i + ".json"));
    }
    Files.createFile(dir.resolve("not-a-bundle.txt")); // not counted: only *.json and *.jsonl are sources
    assertEquals(max, ChainInputs.list(List.of("named.json"), dir, max).size());
    Files.createFile(dir.resolve("one-more.jsonl"));
    InputRejectedException past = assertThrows(InputRejectedException.class, () -> ChainInputs.list(List.of("named.json"), dir, max));
    assertEquals(ErrorCode.USAGE, past.code());
    assertEquals(max, ChainInputs.list(List.of(), dir, max).size());
  }

  @Test
  void bytesPerChainFile() throws Exception {
    long max = VerifyChainCommand.MAX_FILE_BYTES;
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path f = dir.resolve("big.json");
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(max); // sparse
    }
    Io io = new Io(java.io.InputStream.nullInputStream(), new PrintStream(java.io.OutputStream.nullOutputStream()),
        new PrintStream(java.io.OutputStream.nullOutputStream()), Map.of());
    ChainInputs.Input in = new ChainInputs.Input(f.toString(), dir.toRealPath());
    assertEquals(max, ChainInputs.read(io, in, max).length);
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(max + 1);
    }
    InputRejectedException past = assertThrows(InputRejectedException.class, () -> ChainInputs.read(io, in, max));
    assertEquals(ErrorCode.JSON_TOO_LARGE, past.code());
    // Named on the command line, through a pipe, the size is unknown before reading: the read stops past the limit.
    InputRejectedException piped = assertThrows(InputRejectedException.class,
        () -> ChainInputs.read(new Io(new java.io.ByteArrayInputStream(new byte[(int) max + 1]), io.out, io.err, Map.of()),
            new ChainInputs.Input("-", null), max));
    assertEquals(ErrorCode.JSON_TOO_LARGE, piped.code());
  }
}
