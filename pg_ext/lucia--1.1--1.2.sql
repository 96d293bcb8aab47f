-- lucia 1.1 -> 1.2 (also run by CREATE EXTENSION lucia, after 1.0--1.1): three more hot functions
-- lose their SET search_path clause, which cost every call a GUC save and restore and made every
-- SPI plan re-parse the path. Their C code pins the path itself before any SPI query
-- (pg_ext/pinned_spi.hpp), as 1.1 did for lucia_validate_session and lucia_get_session.
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.2'" to load this file. \quit

ALTER FUNCTION lucia_validate_session_user(text) RESET search_path;
ALTER FUNCTION lucia_get_session_user(text) RESET search_path;
ALTER FUNCTION lucia_create_session(text) RESET search_path;
