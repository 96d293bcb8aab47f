ANALYZE auth_session;
ANALYZE auth_user;
ANALYZE auth_key;
