package dev.airid.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import java.util.List;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GateConfigTest {

  private static RecordVerifier verifier;

  @BeforeAll
  static void key() throws Exception {
    verifier = RecordVerifier.keys(List.of(KeyFiles.generate(KeyType.ED25519).verificationKey()), 1);
  }

  private static GateConfig.Builder valid() {
    return GateConfig.builder(verifier).input("in").verified("ok").rejected("no");
  }

  @Test
  void defaults() {
    GateConfig c = valid().build();
    assertEquals(AiridHeaders.DEFAULT_MAX_PROVENANCE_BYTES, c.maxProvenanceBytes());
    assertEquals("airid-gate", c.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "has space", "ümlaut", "slash/"})
  void refusesTopicsKafkaRefuses(String topic) {
    assertThrows(IllegalArgumentException.class, () -> valid().input(topic).build());
    assertThrows(IllegalArgumentException.class, () -> valid().verified(topic).build());
  }

  @Test
  void refusesMissingOrRepeatedTopicsAndTinyBounds() {
    assertThrows(IllegalArgumentException.class, () -> GateConfig.builder(verifier).verified("a").rejected("b").build());
    assertThrows(IllegalArgumentException.class, () -> valid().verified("in").build());
    assertThrows(IllegalArgumentException.class, () -> valid().rejected("ok").build());
    assertThrows(IllegalArgumentException.class, () -> valid().maxProvenanceBytes(GateConfig.MIN_PROVENANCE_BYTES - 1).build());
    assertThrows(IllegalArgumentException.class, () -> valid().name("a b").build());
  }

  @Test
  void refusesKeyListsTheVerifierRefuses() throws Exception {
    var k = KeyFiles.generate(KeyType.ED25519).verificationKey();
    assertThrows(dev.airid.InputRejectedException.class, () -> RecordVerifier.keys(List.of(k, k), 1));
    assertThrows(dev.airid.InputRejectedException.class, () -> RecordVerifier.keys(List.of(k), 2));
    assertThrows(dev.airid.InputRejectedException.class, () -> RecordVerifier.keys(List.of(k), 0));
  }

  @Test
  void twoGatesShareOneTopologyUnderTheirNames() {
    Topology t = AiridGate.addTo(AiridGate.topology(valid().name("first").build()),
        GateConfig.builder(verifier).input("in2").verified("ok2").rejected("no2").name("second").build());
    TopologyDescription d = t.describe();
    assertEquals(2, d.subtopologies().size());
    assertEquals(List.of("first-rejected", "first-source", "first-verified", "first-verify", "second-rejected",
            "second-source", "second-verified", "second-verify"),
        d.subtopologies().stream().flatMap(s -> s.nodes().stream()).map(TopologyDescription.Node::name).sorted().toList());
  }
}
