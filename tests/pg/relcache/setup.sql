-- One user (with a passwordless key) whose sessions the storm creates, validates and logs into; lucia's tables with their foreign keys and indexes.
CREATE EXTENSION IF NOT EXISTS lucia;
SELECT lucia_create_tables();
SELECT user_id FROM lucia_create_user('email', 'storm@example.com', NULL, '{}', 'storm_user');
-- Some dead sessions, so that the probe also looks for them (the per-user cleanup).
INSERT INTO auth_session SELECT 'dead' || lpad(i::text, 36, '0'), 'storm_user', 1000, 1000 FROM generate_series(1, 3) i;
