-- Write model of the feeds app: one row per post. Portable across H2, MariaDB/MySQL and PostgreSQL.
CREATE TABLE feeds_posts (
  id            VARCHAR(36)   NOT NULL PRIMARY KEY,
  title         VARCHAR(200)  NOT NULL,
  content       VARCHAR(5000) NOT NULL,
  author        VARCHAR(100)  NOT NULL,
  version       BIGINT        NOT NULL,
  created_at_us BIGINT        NOT NULL,
  updated_at_us BIGINT        NOT NULL
);
