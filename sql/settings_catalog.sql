-- Every lucia.* setting as pg_settings describes it: registered from core/settings.def (the table
-- SQLite's lucia_set_config uses too), with the names, descriptions, units, ranges, choices and
-- defaults PostgreSQL users see in SHOW and \dconfig+.
SELECT lucia_generate_random_string(1) IS NOT NULL AS library_loaded;
\pset null (null)
\x on
SELECT name, setting, unit, category, short_desc, extra_desc, context, vartype, min_val, max_val, enumvals,
       boot_val, reset_val
FROM pg_settings WHERE name LIKE 'lucia.%' ORDER BY name;
\x off
-- The prefix is reserved: a lucia.* name that is not in the table is refused.
SET lucia.no_such_setting = 'x';
