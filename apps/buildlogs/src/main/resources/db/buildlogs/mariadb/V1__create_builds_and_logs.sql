CREATE TABLE bl_repo (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  org VARCHAR(100) NOT NULL,
  name VARCHAR(100) NOT NULL,
  private_repo BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT bl_repo_slug UNIQUE (org, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE bl_build (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  repo_id BIGINT NOT NULL,
  number INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  version INT NOT NULL,
  created_at BIGINT NOT NULL,
  started_at BIGINT NULL,
  finished_at BIGINT NULL,
  CONSTRAINT bl_build_number UNIQUE (repo_id, number),
  CONSTRAINT bl_build_repo FOREIGN KEY (repo_id) REFERENCES bl_repo (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE bl_step (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  build_id BIGINT NOT NULL,
  number INT NOT NULL,
  name VARCHAR(200) NOT NULL,
  status VARCHAR(16) NOT NULL,
  started_at BIGINT NULL,
  finished_at BIGINT NULL,
  line_count INT NOT NULL,
  log_bytes BIGINT NOT NULL,
  truncated BOOLEAN NOT NULL,
  CONSTRAINT bl_step_number UNIQUE (build_id, number),
  CONSTRAINT bl_step_build FOREIGN KEY (build_id) REFERENCES bl_build (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE bl_log_line (
  step_id BIGINT NOT NULL,
  line_number INT NOT NULL,
  content MEDIUMBLOB NOT NULL,
  PRIMARY KEY (step_id, line_number),
  CONSTRAINT bl_log_line_step FOREIGN KEY (step_id) REFERENCES bl_step (id)
) ENGINE = InnoDB;

CREATE TABLE bl_secret (
  build_id BIGINT NOT NULL,
  secret VARCHAR(1000) NOT NULL,
  INDEX bl_secret_build (build_id),
  CONSTRAINT bl_secret_build_fk FOREIGN KEY (build_id) REFERENCES bl_build (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
