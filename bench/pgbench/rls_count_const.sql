-- count(*) over rls_const (the policy compares to u...01 itself), with the same round trips: the
-- session validated (lucia_validate_session: no authentication), then the count.
BEGIN;
SELECT * FROM lucia_validate_session('s' || lpad('1000', 39, '0'));
SELECT count(*) FROM rls_const;
COMMIT;
