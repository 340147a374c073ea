package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command's one log: the Kafka clients' warnings and errors for {@code airid gate}, through the bundled simple
 * binding (without one, SLF4J prints its own "no binding" warning on every start of the gate). Nothing else logs.
 */
class LoggingTest {

  @Test
  void kafkaWarningsAreLoggedAndNothingElse() {
    assertEquals("org.slf4j.impl.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());
    Logger kafka = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
    assertTrue(kafka.isWarnEnabled());
    assertFalse(kafka.isInfoEnabled());
    Logger other = LoggerFactory.getLogger("org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec");
    assertFalse(other.isWarnEnabled());
    assertFalse(other.isErrorEnabled());
  }
}
