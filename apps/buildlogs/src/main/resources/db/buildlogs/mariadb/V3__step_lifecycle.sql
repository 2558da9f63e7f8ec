-- When a runner last spoke about a step (a status change or a batch of lines): a running step
-- that stays silent too long is timed out. The reason says why a step ended as it did when its
-- status alone does not ("timed_out", "runner_lost"). A mock build names the node that runs it,
-- so that node closes it when it starts again after a crash.
ALTER TABLE bl_step ADD COLUMN last_heard_at BIGINT NULL;
ALTER TABLE bl_step ADD COLUMN status_reason VARCHAR(32) NULL;
ALTER TABLE bl_build ADD COLUMN mock_node VARCHAR(100) NULL;
CREATE INDEX bl_step_silent ON bl_step (status, last_heard_at);
CREATE INDEX bl_build_mock_node ON bl_build (mock_node);
