-- The number of posts of each feed, kept by the projection in the transaction that adds or
-- removes the feed's entries, so the feed list is read without counting every entry.
CREATE TABLE feeds_read_counts (
  feed          VARCHAR(200)  NOT NULL PRIMARY KEY,
  posts         BIGINT        NOT NULL
);

INSERT INTO feeds_read_counts (feed, posts)
  SELECT feed, COUNT(*) FROM feeds_read_entries GROUP BY feed;
