/**
 * The {@link dev.millrace.core.router.Router} runs {@link dev.millrace.core.router.Handler}s over a
 * subscriber and a publisher; {@link dev.millrace.core.router.Middleware} wraps them with retry,
 * poison queue, recoverer, correlation id and metrics. A typical chain, outermost first:
 *
 * <pre>{@code
 * router.use(CorrelationId.create());
 * router.use(PoisonQueue.create(publisher, "poison", 3));
 * router.use(Retry.create());
 * router.use(Recoverer.create());
 * }</pre>
 */
package dev.millrace.core.router;
