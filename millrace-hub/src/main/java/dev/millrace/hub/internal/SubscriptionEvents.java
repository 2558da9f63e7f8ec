package dev.millrace.hub.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.hub.MercureHub;
import dev.millrace.hub.Update;
import dev.millrace.sse.ErrorBody;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscription events and the subscription API, when {@code --hub-subscriptions} is on: each time a
 * subscription starts or ends, a private update on {@code
 * /.well-known/mercure/subscriptions/{topic}/{subscriber}}; and {@code GET
 * /.well-known/mercure/subscriptions[/{topic}[/{subscriber}]]}, the JSON-LD list of this node's
 * active subscriptions with the history's {@code lastEventID} of the moment. Both need a subscriber
 * JWT whose {@code mercure.subscribe} selectors match the subscription topics.
 */
final class SubscriptionEvents {

  static final String BASE = MercureHub.PATH + "/subscriptions";
  private static final Logger log = LoggerFactory.getLogger(SubscriptionEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DefaultMercureHub hub;
  private final ConcurrentHashMap<String, HubSubscriber> active = new ConcurrentHashMap<>();

  SubscriptionEvents(DefaultMercureHub hub) {
    this.hub = hub;
  }

  void changed(HubSubscriber subscriber, boolean started) {
    if (!hub.options().subscriptions()) {
      return;
    }
    if (started) {
      active.put(subscriber.id, subscriber);
    } else if (active.remove(subscriber.id) == null) {
      return;
    }
    for (String topic : subscriber.topics) {
      ObjectNode document = document(subscriber, topic, started);
      var update =
          new Update(
              List.of(document.get("id").asText()),
              document.toString(),
              true,
              Update.newId(),
              null,
              null);
      hub.publish(update)
          .whenComplete(
              (id, failure) -> {
                if (failure != null) {
                  log.warn("cannot publish a subscription event: {}", failure.toString());
                }
              });
    }
  }

  void mount(Router router) {
    router.get(BASE).handler(this::list);
    router.get(BASE + "/:topic").handler(this::list);
    router.get(BASE + "/:topic/:subscriber").handler(this::list);
  }

  private void list(RoutingContext context) {
    var request = context.request();
    var response = context.response();
    hub.cors().apply(request);
    String token = Tokens.of(request, true);
    if (token == null || hub.subscriberVerifier() == null) {
      ErrorBody.send(response, 401, "a subscriber JWT is required");
      return;
    }
    Claims claims;
    try {
      claims = hub.subscriberVerifier().verify(token);
    } catch (InvalidTokenException e) {
      ErrorBody.send(response, 401, e.getMessage());
      return;
    }
    String topic = decode(context.pathParam("topic"));
    String subscriberId = decode(context.pathParam("subscriber"));
    String lastEventId = hub.history().newestId();
    ArrayNode subscriptions = JSON.createArrayNode();
    for (HubSubscriber subscriber : active.values()) {
      if (subscriberId != null && !subscriberId.equals(subscriber.id)) {
        continue;
      }
      for (String selector : subscriber.topics) {
        if (topic != null && !topic.equals(selector)) {
          continue;
        }
        ObjectNode document = document(subscriber, selector, true);
        if (claims.subscribe().matches(document.get("id").asText())) {
          subscriptions.add(document);
        }
      }
    }
    if (subscriberId != null && subscriptions.isEmpty()) {
      ErrorBody.send(response, 404, "no such active subscription");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("@context", "https://mercure.rocks/");
    body.put("id", request.path());
    body.put("type", "Subscriptions");
    body.put("lastEventID", lastEventId);
    body.set("subscriptions", subscriptions);
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/ld+json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toString());
  }

  private static ObjectNode document(HubSubscriber subscriber, String topic, boolean active) {
    ObjectNode document = JSON.createObjectNode();
    document.put("id", BASE + "/" + encode(topic) + "/" + encode(subscriber.id));
    document.put("type", "Subscription");
    document.put("topic", topic);
    document.put("subscriber", subscriber.id);
    document.put("active", active);
    String payload = subscriber.claims.payload();
    if (payload != null) {
      try {
        document.set("payload", JSON.readTree(payload));
      } catch (IOException e) {
        document.put("payload", payload);
      }
    }
    return document;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String value) {
    return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
