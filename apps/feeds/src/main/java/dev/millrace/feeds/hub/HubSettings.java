package dev.millrace.feeds.hub;

import dev.millrace.hub.MercureHub;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * How the feeds app's resources advertise a Mercure hub and have their changes published to it.
 *
 * @param publicUrl the absolute URL clients reach the app at, such as {@code
 *     https://feeds.example.com} (a trailing slash is dropped): a resource's topic is this URL and
 *     the resource's path, so every node of a cluster needs the same one
 * @param hubUrl the URL the resources advertise as their hub ({@code rel="mercure"})
 * @param publisher where the updates go
 */
public record HubSettings(String publicUrl, String hubUrl, HubPublisher publisher) {

  public HubSettings {
    publicUrl = withoutTrailingSlash(requireHttpUrl("publicUrl", publicUrl));
    requireHttpUrl("hubUrl", hubUrl);
    Objects.requireNonNull(publisher, "publisher");
  }

  /** Settings for a hub served with the app, at {@code publicUrl} + {@value MercureHub#PATH}. */
  public static HubSettings of(String publicUrl, HubPublisher publisher) {
    var base = withoutTrailingSlash(requireHttpUrl("publicUrl", publicUrl));
    return new HubSettings(base, base + MercureHub.PATH, publisher);
  }

  private static String requireHttpUrl(String name, String value) {
    Objects.requireNonNull(value, name);
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a URL: " + value, e);
    }
    var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          name + " must be an absolute http(s) URL without query or fragment: " + value);
    }
    return value;
  }

  private static String withoutTrailingSlash(String url) {
    var end = url.length();
    while (end > 0 && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }
}
