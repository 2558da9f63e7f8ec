package dev.millrace.hub;

import io.vertx.core.http.HttpServerResponse;

/**
 * Discovery: the {@code Link} headers by which a resource advertises its hub ({@code
 * rel="mercure"}) and its own topic ({@code rel="self"}), so Mercure clients find where to
 * subscribe.
 */
public final class MercureLinks {

  private MercureLinks() {}

  /** {@code <hubUrl>; rel="mercure"}. */
  public static String hub(String hubUrl) {
    return "<" + hubUrl + ">; rel=\"mercure\"";
  }

  /** Adds the hub link, and the topic's own link when {@code topic} is not {@code null}. */
  public static HttpServerResponse advertise(
      HttpServerResponse response, String hubUrl, String topic) {
    response.headers().add("Link", hub(hubUrl));
    if (topic != null) {
      response.headers().add("Link", "<" + topic + ">; rel=\"self\"");
    }
    return response;
  }
}
