package dev.airid.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftovers of killed writes are removed by the next write to the same target, and nothing else is. */
class AtomicFileTest {

  @TempDir Path dir;

  /** A process id that no process has: above Linux's pid_max limit (2^22). */
  static final long DEAD = 999_999_999L;

  Path leftover(String target, long pid, String hex) throws Exception {
    Path p = dir.resolve("." + target + "." + pid + "." + hex + ".tmp");
    Files.writeString(p, "half a bund");
    return p;
  }

  List<String> names() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theNameOfATemporaryFileIsRecognisedExactly() {
    String t = AtomicFile.tempName("run.json");
    assertTrue(t.startsWith(".run.json." + ProcessHandle.current().pid() + "."), t);
    assertEquals(ProcessHandle.current().pid(), AtomicFile.writerOf(t, "run.json"));
    assertEquals(42, AtomicFile.writerOf(".run.json.42.0123456789abcdef.tmp", "run.json"));
    for (String other : List.of(".run.json.42.0123456789abcde.tmp", ".run.json.42.0123456789abcdef0.tmp",
        ".run.json.42.0123456789ABCDEF.tmp", ".run.json..0123456789abcdef.tmp", ".run.json.x42.0123456789abcdef.tmp",
        ".run.json.42.0123456789abcdef.tmp.bak", "run.json.42.0123456789abcdef.tmp", ".run.json.tmp", ".run.json",
        ".run.json.1.42.0123456789abcdef.tmp", ".run.json12345.tmp", ".run.json.99999999999999999999.0123456789abcdef.tmp")) {
      assertEquals(-1, AtomicFile.writerOf(other, "run.json"), other);
    }
    // The temporary file of target "a.1" is not one of target "a".
    assertEquals(-1, AtomicFile.writerOf(".a.1.42.0123456789abcdef.tmp", "a"));
  }

  @Test
  void aWriteRemovesDeadLeftoversOfItsTargetOnly() throws Exception {
    Path dead = leftover("run.json", DEAD, "0123456789abcdef");
    Path deadToo = leftover("run.json", DEAD - 1, "fedcba9876543210");
    Path otherTarget = leftover("other.json", DEAD, "0123456789abcdef");
    Path mine = leftover("run.json", ProcessHandle.current().pid(), "0000000000000000");
    Path similar = dir.resolve(".run.json.bak");
    Files.writeString(similar, "keep");
    Path aDirectory = Files.createDirectory(dir.resolve(".run.json." + DEAD + ".1111111111111111.tmp"));
    Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-outside.txt"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve(".run.json." + DEAD + ".2222222222222222.tmp"), outside);
    AtomicFile.write(dir.resolve("run.json"), "{}".getBytes(StandardCharsets.UTF_8), true, false);
    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(deadToo));
    assertTrue(Files.exists(otherTarget), "another target's leftovers wait for a write to that target");
    assertTrue(Files.exists(mine), "a temporary file of this process may be another thread's live write");
    assertTrue(Files.exists(similar));
    assertTrue(Files.isDirectory(aDirectory));
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("keep", Files.readString(outside));
    assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("run.json")));
    Files.delete(outside);
  }

  /**
   * A temporary file whose writer, in another process, still holds its lock is a live write, whatever its process id
   * says (a pid in another namespace, or reused); once that process is gone, the next write removes it.
   */
  @Test
  void aTemporaryFileLockedByALiveProcessIsLeftAlone() throws Exception {
    Path live = leftover("run.json", DEAD, "0123456789abcdef");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
        LockHolder.class.getName(), live.toString()).redirectErrorStream(true).start();
    try {
      assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
          StandardCharsets.UTF_8)).readLine());
      AtomicFile.write(dir.resolve("run.json"), new byte[] {'1'}, true, false);
      assertTrue(Files.exists(live), "its writer is alive");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
    AtomicFile.write(dir.resolve("run.json"), new byte[] {'2'}, true, false);
    assertFalse(Files.exists(live), "once its writer is gone, the lock is gone and so is the file");
    assertEquals(List.of("run.json"), names());
  }

  @Test
  void aWriteLeavesNothingButTheTarget() throws Exception {
    AtomicFile.write(dir.resolve("k.key"), new byte[] {1, 2}, false, true);
    AtomicFile.write(dir.resolve("k.pub"), new byte[] {3}, false, false);
    AtomicFile.write(dir.resolve("k.pub"), new byte[] {4}, true, false);
    assertEquals(List.of("k.key", "k.pub"), names());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key"))));
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.pub"))));
  }
}
