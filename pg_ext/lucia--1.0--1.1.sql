-- lucia 1.0 -> 1.1 (also run by CREATE EXTENSION lucia, after lucia--1.0.sql): the two hot read functions lose their SET search_path clause, which cost
-- every call a GUC save and restore; their C code (the same library serves both versions) pins
-- the search_path itself before any SPI query (pg_ext/pinned_spi.hpp).
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.1'" to load this file. \quit

ALTER FUNCTION lucia_validate_session(text) RESET search_path;
ALTER FUNCTION lucia_get_session(text) RESET search_path;
