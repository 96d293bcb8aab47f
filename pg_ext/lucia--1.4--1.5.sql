-- lucia 1.4 -> 1.5 (also run by CREATE EXTENSION lucia, after 1.3--1.4): lucia_version(), the
-- version of the loaded library, as the SQLite module's lucia_version() reports it. After a
-- package upgrade it tells the new library from the SQL objects' extversion until
-- ALTER EXTENSION lucia UPDATE runs.
-- No schema guard (see lucia--1.0.sql): this script runs no code and resolves no name outside
-- pg_catalog, so a hostile owner of the extension's schema has nothing to stand in for.
\echo Use "ALTER EXTENSION lucia UPDATE TO '1.5'" to load this file. \quit

-- The library's version (pg_ext/lucia.control's default_version when it was built). Like every
-- lucia function it is taken from PUBLIC (lucia_security_check reports any that is not); a
-- superuser grants it to whom should see it. lucia_grant_app does not: applications do not need it.
CREATE FUNCTION lucia_version() RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'lucia_version' LANGUAGE c STABLE STRICT PARALLEL SAFE;
REVOKE ALL ON FUNCTION lucia_version() FROM PUBLIC;
