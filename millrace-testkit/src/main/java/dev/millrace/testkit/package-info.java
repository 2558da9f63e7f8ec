/**
 * The contract suite for pub/sub adapters: extend {@link dev.millrace.testkit.PubSubContractTest},
 * return a {@link dev.millrace.testkit.PubSubUnderTest} from {@code createPubSub()} and declare
 * what the adapter promises with {@link dev.millrace.testkit.PubSubFeatures}.
 */
package dev.millrace.testkit;
