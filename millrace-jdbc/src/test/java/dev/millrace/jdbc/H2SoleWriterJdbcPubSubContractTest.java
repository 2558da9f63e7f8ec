package dev.millrace.jdbc;

/**
 * The pub/sub contract on an H2 file database whose pub/sub is its only writer, which publishes
 * without locking topic rows: the embedded server's configuration.
 */
class H2SoleWriterJdbcPubSubContractTest extends H2JdbcPubSubContractTest {

  @Override
  protected JdbcPubSubOptions configure(JdbcPubSubOptions options) {
    return options.withSoleWriter(true);
  }
}
