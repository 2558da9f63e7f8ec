package dev.millrace.hub.internal;

import java.time.Instant;

/**
 * What a verified JWT grants.
 *
 * @param publish the {@code mercure.publish} selectors (empty when absent)
 * @param subscribe the {@code mercure.subscribe} selectors (empty when absent)
 * @param payload the {@code mercure.payload} value as JSON text, or {@code null}
 * @param expiresAt the {@code exp} claim, or {@code null} when the token does not expire
 */
record Claims(Selectors publish, Selectors subscribe, String payload, Instant expiresAt) {

  /** An anonymous subscriber: no selectors, no expiry. */
  static final Claims ANONYMOUS = new Claims(Selectors.NONE, Selectors.NONE, null, null);
}
