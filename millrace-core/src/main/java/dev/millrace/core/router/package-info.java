/**
 * The {@link dev.millrace.core.router.Router} runs {@link dev.millrace.core.router.Handler}s over a
 * subscriber and a publisher; {@link dev.millrace.core.router.Middleware} wraps them with retry,
 * dead letters (or a poison topic), recoverer, correlation id and metrics. A typical chain,
 * outermost first:
 *
 * <pre>{@code
 * router.use(CorrelationId.create());
 * router.use(DeadLetterQueue.create(store));   // or PoisonQueue.create(publisher, "poison", 3)
 * router.use(Retry.create());
 * router.use(Recoverer.create());
 * }</pre>
 *
 * <p>A dead letter is replayed with {@link dev.millrace.core.router.Router#replay} (see {@link
 * dev.millrace.core.deadletter.DeadLetters}).
 */
package dev.millrace.core.router;
