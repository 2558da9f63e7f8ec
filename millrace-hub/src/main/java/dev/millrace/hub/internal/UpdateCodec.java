package dev.millrace.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.core.Message;
import dev.millrace.core.PayloadDecodingException;
import dev.millrace.hub.Update;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;

/**
 * Updates as pub/sub messages: the message id is the update id (so the pub/sub's duplicate
 * detection works on it), the payload a JSON object {@code {"topics", "data", "private", "type",
 * "retry"}}. A marker (metadata {@code mercure_kind=marker}) is what a node publishes when it
 * starts: once it reads its own marker back, it has read the whole history.
 */
final class UpdateCodec {

  static final String KIND = "mercure_kind";
  static final String MARKER = "marker";
  private static final ObjectMapper JSON = new ObjectMapper();

  private UpdateCodec() {}

  static Message encode(Update update) {
    ObjectNode body = JSON.createObjectNode();
    var topics = body.putArray("topics");
    update.topics().forEach(topics::add);
    body.put("data", update.data());
    if (update.privateUpdate()) {
      body.put("private", true);
    }
    if (update.type() != null) {
      body.put("type", update.type());
    }
    if (update.retry() != null) {
      body.put("retry", update.retry());
    }
    try {
      return new Message(update.id(), Map.of(KIND, "update"), JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an update", e);
    }
  }

  static Message marker(String nodeId) {
    return new Message(
        "marker:" + nodeId + ":" + Message.newId(), Map.of(KIND, MARKER), new byte[0]);
  }

  static boolean isMarker(Message message) {
    return MARKER.equals(message.metadata(KIND));
  }

  static Update decode(Message message) {
    try {
      JsonNode body = JSON.readTree(message.payload());
      var topics = new ArrayList<String>();
      body.path("topics").forEach(topic -> topics.add(topic.asText()));
      return new Update(
          topics,
          body.path("data").asText(""),
          body.path("private").asBoolean(false),
          message.id(),
          body.hasNonNull("type") ? body.get("type").asText() : null,
          body.hasNonNull("retry") ? body.get("retry").asLong() : null);
    } catch (IOException | IllegalArgumentException e) {
      throw new PayloadDecodingException("not a hub update: " + message.id(), e);
    }
  }
}
