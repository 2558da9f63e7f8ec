/**
 * Messages and the pub/sub contract: {@link dev.millrace.core.Publisher}, {@link
 * dev.millrace.core.Subscriber}, {@link dev.millrace.core.Delivery}; the in-process adapter {@link
 * dev.millrace.core.InProcessPubSub}; and {@link dev.millrace.core.JsonCodec} for event payloads.
 *
 * <p>Delivery is at-least-once everywhere: a consumer deduplicates on {@link
 * dev.millrace.core.Message#id()}, which stays the same across redeliveries and duplicates.
 */
package dev.millrace.core;
