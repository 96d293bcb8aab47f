-- Errors are re-coded by SQLSTATE, table and constraint name: a table's own refusal of the
-- caller's value becomes a Lucia code, but an error the application's own trigger raises (a data
-- error, a constraint of another table) reaches the caller as the application raised it.
CREATE SCHEMA t_trig;
SELECT lucia_create_tables('t_trig');
SET lucia.tables_schema = t_trig;
ALTER TABLE t_trig.auth_user ADD COLUMN age integer, ADD COLUMN nick varchar(5);
SELECT user_id FROM lucia_create_user('email', 'ada@example.com', 'ada-pw', '{}', 'ada');

-- The application's audit table and triggers.
CREATE TABLE t_trig.audit (what text CHECK (what <> 'forbidden'));
GRANT INSERT ON t_trig.audit TO lucia_owner;
CREATE FUNCTION t_trig.user_rules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id = 'too-long' THEN
        RAISE EXCEPTION 'nickname rule of the application' USING ERRCODE = '22001';
    END IF;
    IF NEW.id = 'forbidden' THEN
        INSERT INTO t_trig.audit VALUES ('forbidden');
    END IF;
    IF NEW.id = 'cast' THEN
        NEW.age := 'not a number'::integer;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER user_rules BEFORE INSERT ON t_trig.auth_user FOR EACH ROW EXECUTE FUNCTION t_trig.user_rules();
GRANT USAGE ON SCHEMA t_trig TO lucia_owner;

-- The application's trigger: its own SQLSTATE and message, not AUTH_INVALID_ARGUMENT.
SELECT regress.err($$SELECT lucia_create_user('email', 'a@example.com', 'pw', '{}', 'too-long')$$) AS trigger_raise;
SELECT regress.err($$SELECT lucia_create_user('email', 'b@example.com', 'pw', '{}', 'forbidden')$$) AS trigger_check;
SELECT regress.err($$SELECT lucia_create_user('email', 'c@example.com', 'pw', '{}', 'cast')$$) AS trigger_cast;

-- The caller's own values that Lucia's tables refuse are still Lucia errors.
SELECT regress.err($$SELECT lucia_create_user('email', 'd@example.com', 'pw', '{"age": "old"}')$$) AS bad_attribute;
SELECT regress.err($$SELECT lucia_create_user('email', 'e@example.com', 'pw', '{"nick": "much too long"}')$$) AS long_attribute;
SELECT regress.err($$SELECT lucia_create_key('ada', 'email', 'ada@example.com', 'pw')$$) AS duplicate_key;
ALTER TABLE t_trig.auth_user ADD CONSTRAINT adult CHECK (age >= 18);
SELECT regress.err($$SELECT lucia_create_user('email', 'f@example.com', 'pw', '{"age": 3}')$$) AS check_on_auth_user;
ALTER TABLE t_trig.auth_user ADD CONSTRAINT one_nick UNIQUE (nick);
SELECT regress.err($$SELECT lucia_update_user_attributes('ada', '{"nick": "ada"}')$$) AS first_nick;
SELECT regress.err($$SELECT lucia_create_user('email', 'g@example.com', 'pw', '{"nick": "ada"}')$$) AS unique_on_auth_user;

-- The application's function in a column DEFAULT: its error reaches the caller as it raised it,
-- not as AUTH_INVALID_ARGUMENT (the caller passed no attribute at all).
CREATE FUNCTION t_trig.next_rank() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN 1 / 0; END $$;
ALTER TABLE t_trig.auth_user ADD COLUMN rank integer;
ALTER TABLE t_trig.auth_user ALTER COLUMN rank SET DEFAULT t_trig.next_rank();
SELECT regress.err($$SELECT lucia_create_user('email', 'h@example.com', 'pw', '{}', 'h')$$) AS default_function;
-- The caller's own value that the column refuses is still a Lucia error beside it.
SELECT regress.err($$SELECT lucia_create_user('email', 'i@example.com', 'pw', '{"rank": "first"}', 'i')$$) AS bad_rank;
ALTER TABLE t_trig.auth_user DROP COLUMN rank;

-- The application's trigger writing to Lucia's own tables: a key it inserts twice is its own
-- unique violation, not AUTH_DUPLICATE_KEY_ID for a call that creates no key.
CREATE FUNCTION t_trig.invite_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO t_trig.auth_key (id, user_id, primary_key) VALUES ('invite:shared', NEW.id, false);
    RETURN NEW;
END $$;
CREATE TRIGGER invite_key AFTER INSERT ON t_trig.auth_user FOR EACH ROW EXECUTE FUNCTION t_trig.invite_key();
SELECT regress.err($$SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'j')$$) AS first_invite;
SELECT regress.err($$SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'k')$$) AS second_invite;
DROP TRIGGER invite_key ON t_trig.auth_user;

RESET lucia.tables_schema;
DROP SCHEMA t_trig CASCADE;
