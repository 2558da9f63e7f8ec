-- One row per signed-in viewer session; signing out deletes it, so its cookie is refused on every
-- node. The id is stored as a SHA-256 hash: this table alone cannot make a cookie.
CREATE TABLE bl_viewer_session (
  id_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  INDEX bl_viewer_session_expiry (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
