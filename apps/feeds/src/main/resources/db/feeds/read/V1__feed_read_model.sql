-- Read model of the feeds app. Portable across H2, MariaDB/MySQL and PostgreSQL.
-- One row per post: its latest projected state; version orders the post's events.
CREATE TABLE feeds_read_posts (
  id            VARCHAR(36)   NOT NULL PRIMARY KEY,
  title         VARCHAR(200)  NOT NULL,
  content       VARCHAR(5000) NOT NULL,
  author        VARCHAR(100)  NOT NULL,
  tags          VARCHAR(5000) NOT NULL,
  version       BIGINT        NOT NULL,
  created_at_us BIGINT        NOT NULL
);

-- One row per (feed, post): the feed of each tag, plus the feed of all posts.
CREATE TABLE feeds_read_entries (
  feed          VARCHAR(200)  NOT NULL,
  post_id       VARCHAR(36)   NOT NULL,
  created_at_us BIGINT        NOT NULL,
  PRIMARY KEY (feed, post_id)
);

CREATE INDEX feeds_read_entries_newest ON feeds_read_entries (feed, created_at_us, post_id);
