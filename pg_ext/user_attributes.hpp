// User attributes: the extra columns of auth_user, in and out as a jsonb object.
#pragma once

#include "pg_headers.hpp"

// INSERT of a user with these attributes: $1 is the id, $2 the jsonb. RETURNING the attributes.
// Raises AUTH_INVALID_ARGUMENT if attributes is not an object or names a column auth_user lacks.
char *lucia_user_insert_sql(Jsonb *attributes);

// UPDATE of a user's attributes ($1 id, $2 jsonb), RETURNING them; NULL when there is nothing to set.
char *lucia_user_update_sql(Jsonb *attributes);
