SELECT session_id AS sid FROM lucia_create_session('storm_user') \gset
SELECT state FROM lucia_validate_session(:sid);
SELECT state FROM lucia_validate_session_user(:sid);
SELECT user_id FROM lucia_validate_key('email', 'storm@example.com', NULL);
