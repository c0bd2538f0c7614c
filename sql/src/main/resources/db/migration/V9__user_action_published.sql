-- The user_action table is the outbox of the user-actions audit stream: the API's relay publishes
-- each row once Kafka has taken it (published_at set). Rows from before this version are
-- published too: the stream is the whole audit trail, in order.
ALTER TABLE user_action ADD COLUMN published_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX user_action_published_idx ON user_action (published_at, requested_at);
