-- Helpers shared by the other tests (pg_regress runs this file first).
CREATE SCHEMA regress;
GRANT USAGE ON SCHEMA regress TO PUBLIC;
-- Runs a statement and shows its SQLSTATE and message instead of failing the test.
CREATE FUNCTION regress.err(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
-- Milliseconds since the epoch, as JavaScript's Date.now().
CREATE FUNCTION regress.now_ms() RETURNS bigint LANGUAGE sql AS
$$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
