package dev.airid.integrations.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonNull;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible Chat Completions server on loopback ({@code POST /v1/chat/completions}), for tests that drive
 * the frameworks' real OpenAI modules over real HTTP. It records every request body exactly as received (raw bytes and
 * parsed strictly), answers from a queue of scripted {@link Reply replies} (plain text, tool calls, errors), and
 * streams Server-Sent Events in OpenAI's chunk format when the request asks for {@code "stream": true}.
 *
 * <p>The reported model is the requested one with {@value #SNAPSHOT} appended, as providers resolve aliases, so tests
 * can tell declared from reported. Thread-safe.
 */
public final class OpenAiStub implements AutoCloseable {

  /** Appended to the requested model name to make the reported one. */
  public static final String SNAPSHOT = "-2025-01-01";

  private final HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<byte[]> raw = new ArrayList<>();
  private final List<String> responseIds = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private OpenAiStub(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  public static OpenAiStub start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      OpenAiStub stub = new OpenAiStub(s);
      s.createContext("/", stub::handle);
      s.setExecutor(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "openai-stub");
        t.setDaemon(true);
        return t;
      }));
      s.start();
      return stub;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the loopback server", e);
    }
  }

  /** {@code http://127.0.0.1:<port>/v1}: the base URL for both frameworks' OpenAI modules. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Queues replies, answered in order; with none queued, the server answers {@code Reply.text("ok")}. */
  public synchronized OpenAiStub reply(Reply... rs) {
    replies.addAll(List.of(rs));
    return this;
  }

  /** Every request body received so far, parsed strictly, in order. */
  public synchronized List<JsonObject> requests() {
    List<JsonObject> out = new ArrayList<>();
    for (byte[] b : raw) {
      try {
        out.add((JsonObject) Json.parse(b));
      } catch (Exception e) {
        throw new AssertionError("a request body is not strict JSON: " + new String(b, StandardCharsets.UTF_8), e);
      }
    }
    return out;
  }

  /** The raw bytes of every request body received so far. */
  public synchronized List<byte[]> rawRequests() {
    return List.copyOf(raw);
  }

  /** The {@code id} of every completion answered so far (errors have none), in order. */
  public synchronized List<String> responseIds() {
    return List.copyOf(responseIds);
  }

  /** Forgets requests, response ids and queued replies. */
  public synchronized void reset() {
    raw.clear();
    responseIds.clear();
    replies.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().endsWith("/chat/completions")) {
        send(ex, 404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
        return;
      }
      Reply reply;
      synchronized (this) {
        raw.add(body);
        reply = replies.isEmpty() ? Reply.text("ok") : replies.poll();
      }
      JsonObject request;
      try {
        request = (JsonObject) Json.parse(body);
      } catch (Exception e) {
        send(ex, 400, "{\"error\":{\"message\":\"bad json\",\"type\":\"invalid_request_error\"}}");
        return;
      }
      if (reply instanceof Reply.Error err) {
        send(ex, err.status(), "{\"error\":{\"message\":" + quote(err.message())
            + ",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
        return;
      }
      String model = request.getOrNull("model") instanceof JsonString m ? m.value() + SNAPSHOT : "unknown";
      String id = "chatcmpl-" + ids.incrementAndGet();
      synchronized (this) {
        responseIds.add(id);
      }
      boolean stream = request.getOrNull("stream") instanceof dev.airid.json.JsonBoolean b && b.equals(dev.airid.json.JsonBoolean.of(true));
      if (stream) {
        stream(ex, id, model, reply);
      } else {
        send(ex, 200, new String(Json.compact(completion(id, model, reply)), StandardCharsets.UTF_8));
      }
    }
  }

  private static JsonObject completion(String id, String model, Reply reply) {
    JsonObject.Builder message = JsonObject.builder().put("role", "assistant");
    String finish;
    if (reply instanceof Reply.ToolCalls tc) {
      message.put("content", JsonNull.INSTANCE);
      List<JsonValue> calls = new ArrayList<>();
      for (Reply.Call c : tc.calls()) {
        calls.add(JsonObject.builder().put("id", c.id()).put("type", "function")
            .put("function", JsonObject.builder().put("name", c.name()).put("arguments", c.arguments()).build()).build());
      }
      message.put("tool_calls", JsonArray.of(calls));
      finish = "tool_calls";
    } else {
      message.put("content", ((Reply.Text) reply).text());
      finish = "stop";
    }
    message.put("refusal", JsonNull.INSTANCE);
    return JsonObject.builder()
        .put("id", id).put("object", "chat.completion").put("created", 1_735_689_600L).put("model", model)
        .put("choices", JsonArray.of(JsonObject.builder().put("index", 0L).put("message", message.build())
            .put("logprobs", JsonNull.INSTANCE).put("finish_reason", finish).build()))
        .put("usage", usage(reply))
        .put("system_fingerprint", "fp_stub")
        .build();
  }

  private static JsonObject usage(Reply reply) {
    return JsonObject.builder().put("prompt_tokens", (long) reply.inputTokens())
        .put("completion_tokens", (long) reply.outputTokens())
        .put("total_tokens", (long) reply.inputTokens() + reply.outputTokens()).build();
  }

  /** Chunks in OpenAI's streaming format: role, content pieces (or tool-call pieces), finish, usage, [DONE]. */
  private static void stream(HttpExchange ex, String id, String model, Reply reply) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    List<JsonObject> deltas = new ArrayList<>();
    String finish;
    deltas.add(JsonObject.builder().put("role", "assistant").put("content", "").build());
    if (reply instanceof Reply.ToolCalls tc) {
      for (int i = 0; i < tc.calls().size(); i++) {
        Reply.Call c = tc.calls().get(i);
        deltas.add(toolDelta(i, JsonObject.builder().put("id", c.id()).put("type", "function")
            .put("function", JsonObject.builder().put("name", c.name()).put("arguments", "").build())));
        for (String piece : pieces(c.arguments())) {
          deltas.add(toolDelta(i, JsonObject.builder()
              .put("function", JsonObject.builder().put("arguments", piece).build())));
        }
      }
      finish = "tool_calls";
    } else {
      for (String piece : pieces(((Reply.Text) reply).text())) {
        deltas.add(JsonObject.builder().put("content", piece).build());
      }
      finish = "stop";
    }
    for (JsonObject d : deltas) {
      event(out, chunk(id, model, JsonArray.of(choice(d, null))));
    }
    event(out, chunk(id, model, JsonArray.of(choice(JsonObject.empty(), finish))));
    event(out, chunk(id, model, JsonArray.empty()).toBuilder().put("usage", usage(reply)).build());
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static JsonObject toolDelta(int index, JsonObject.Builder call) {
    return JsonObject.builder().put("tool_calls", JsonArray.of(call.put("index", (long) index).build())).build();
  }

  private static JsonObject choice(JsonObject delta, String finish) {
    return JsonObject.builder().put("index", 0L).put("delta", delta).put("logprobs", JsonNull.INSTANCE)
        .put("finish_reason", finish == null ? JsonNull.INSTANCE : JsonString.of(finish)).build();
  }

  private static JsonObject chunk(String id, String model, JsonArray choices) {
    return JsonObject.builder().put("id", id).put("object", "chat.completion.chunk").put("created", 1_735_689_600L)
        .put("model", model).put("system_fingerprint", "fp_stub").put("choices", choices).build();
  }

  /** Splits text into pieces of up to 4 code points, so a stream has several content events. */
  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int[] cps = text.codePoints().toArray();
    for (int i = 0; i < cps.length; i += 4) {
      out.add(new String(cps, i, Math.min(4, cps.length - i)));
    }
    return out;
  }

  private static void event(OutputStream out, JsonObject data) throws IOException {
    out.write("data: ".getBytes(StandardCharsets.UTF_8));
    out.write(Json.compact(data));
    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static String quote(String s) {
    return new String(Json.compact(JsonString.of(s)), StandardCharsets.UTF_8);
  }

  /** A scripted answer. */
  public sealed interface Reply permits Reply.Text, Reply.ToolCalls, Reply.Error {

    default int inputTokens() {
      return 11;
    }

    default int outputTokens() {
      return 7;
    }

    /** The assistant answers {@code text}, finish reason {@code stop}, usage 11 in / 7 out. */
    record Text(String text) implements Reply {}

    /** The assistant calls tools, finish reason {@code tool_calls}. */
    record ToolCalls(List<Call> calls) implements Reply {}

    /** An HTTP error with an OpenAI error body. */
    record Error(int status, String message) implements Reply {}

    /** One tool call: its id, the function name and the JSON arguments text. */
    record Call(String id, String name, String arguments) {}

    static Reply text(String text) {
      return new Text(text);
    }

    static Reply toolCall(String id, String name, String arguments) {
      return new ToolCalls(List.of(new Call(id, name, arguments)));
    }

    static Reply error(int status, String message) {
      return new Error(status, message);
    }
  }
}
