package dev.millrace.feeds.hub;

import dev.millrace.hub.Update;
import java.util.concurrent.CompletionStage;

/**
 * Where the feeds app sends the updates of its resources: a Mercure hub, such as {@code
 * MercureHub::publish} of the hub that the server mounts.
 *
 * <p>Called on the projection's threads, possibly from two at once; must not block. The stage
 * completes with the update's id once the hub holds it, or exceptionally when it cannot take it.
 * The hub keeps an update whose id it already holds once.
 */
@FunctionalInterface
public interface HubPublisher {

  CompletionStage<String> publish(Update update);
}
