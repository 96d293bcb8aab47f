// Typed access to every lucia SQL function, the same for PostgreSQL, SQLite and MariaDB and for
// Drizzle, Kysely and the plain drivers: each of those supplies `call`, which runs one function and
// returns its JSON result (pg.ts, sqlite.ts, drizzle.ts and kysely.ts give the ready ones). Every
// argument is passed, optional ones as null (MariaDB's functions need them all). PostgreSQL results
// are read as to_jsonb(row), so both engines give the same JSON shapes: timestamps as ISO strings,
// expiries as numbers (ms since the Unix epoch).

export type Shape = "row" | "set" | "value" | "void";
export type Call = (name: string, args: readonly unknown[], shape: Shape) => Promise<unknown>;

export interface LuciaUser<Attributes> {
  user_id: string;
  attributes: Attributes;
}

export interface LuciaSession {
  session_id: string;
  user_id: string;
  active_period_expires_at: string;
  idle_period_expires_at: string;
  state: "active" | "idle";
  fresh: boolean;
  active_expires: number;
  idle_expires: number;
}

export interface LuciaSessionUser<Attributes> extends LuciaSession {
  user_attributes: Attributes;
}

export interface LuciaKey {
  type: "persistent" | "single_use";
  provider_id: string;
  provider_user_id: string;
  user_id: string;
  primary_key: boolean;
  password_defined: boolean;
  expires_at: string | null;
  expired: boolean | null;
  expires: number | null;
}

// The driver's own error, not the ORM's wrapper. Drizzle wraps database errors in an error whose
// message lists the query's parameters, passwords included; an app that logs it would log them.
// The lucia error inside says what happened ("AUTH_INVALID_PASSWORD: wrong password") and no more.
export function luciaError(error: unknown): unknown {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (/^(AUTH_[A-Z_]+|UNKNOWN_ERROR):/.test(current.message)) return current;
  }
  return error;
}

// The JSON text SQLite returns, or the object PostgreSQL's driver already parsed.
export function parseJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

// SQLite and MariaDB (mysql2) return rows and sets as JSON text, and plain values as they are.
export function jsonResult(value: unknown, shape: Shape): unknown {
  return shape === "row" || shape === "set" ? parseJson(value) : value;
}

// MariaDB: a lucia routine signals SQLSTATE 'LU0xx' with Lucia's text, which mysql2 reports as
// errno 1644 (ER_SIGNAL_EXCEPTION) with that text as the message: the code without parsing it.
export function luciaSqlState(error: unknown): string | null {
  const found = luciaError(error) as { errno?: unknown; sqlState?: unknown };
  return found instanceof Error && found.errno === 1644 && typeof found.sqlState === "string" ? found.sqlState : null;
}

// One typed method per lucia function (docs/api.md), every one through the same `call`.
export function luciaClient<Attributes extends Record<string, unknown>>(call: Call) {
  const row = <T>(name: string, ...args: unknown[]) => call(name, args, "row") as Promise<T>;
  const set = <T>(name: string, ...args: unknown[]) => call(name, args, "set") as Promise<T[]>;
  const value = <T>(name: string, ...args: unknown[]) => call(name, args, "value") as Promise<T>;
  const none = async (name: string, ...args: unknown[]) => {
    await call(name, args, "void");
  };
  const json = (attributes: Partial<Attributes> | null | undefined) =>
    attributes === null || attributes === undefined ? null : JSON.stringify(attributes);
  return {
    createUser: (key: { providerId: string; providerUserId: string; password: string | null } | null,
      attributes?: Partial<Attributes>, userId?: string) =>
      row<LuciaUser<Attributes>>("lucia_create_user", key?.providerId ?? null, key?.providerUserId ?? null,
        key?.password ?? null, json(attributes) ?? "{}", userId ?? null),
    getUser: (userId: string) => row<LuciaUser<Attributes>>("lucia_get_user", userId),
    updateUserAttributes: (userId: string, attributes: Partial<Attributes>) =>
      row<LuciaUser<Attributes>>("lucia_update_user_attributes", userId, json(attributes)),
    deleteUser: (userId: string) => none("lucia_delete_user", userId),

    createKey: (userId: string, providerId: string, providerUserId: string, password: string | null,
      expiresInSeconds: number | null = null) =>
      row<LuciaKey>("lucia_create_key", userId, providerId, providerUserId, password, expiresInSeconds),
    validateKey: (providerId: string, providerUserId: string, password: string | null) =>
      row<LuciaKey>("lucia_validate_key", providerId, providerUserId, password),
    getKey: (providerId: string, providerUserId: string) => row<LuciaKey>("lucia_get_key", providerId, providerUserId),
    getAllUserKeys: (userId: string) => set<LuciaKey>("lucia_get_all_user_keys", userId),
    updateKeyPassword: (providerId: string, providerUserId: string, password: string | null) =>
      row<LuciaKey>("lucia_update_key_password", providerId, providerUserId, password),
    deleteKey: (providerId: string, providerUserId: string) => none("lucia_delete_key", providerId, providerUserId),

    createSession: (userId: string) => row<LuciaSession>("lucia_create_session", userId),
    getSession: (sessionId: string) => row<LuciaSession>("lucia_get_session", sessionId),
    getSessionUser: (sessionId: string) => row<LuciaSessionUser<Attributes>>("lucia_get_session_user", sessionId),
    validateSession: (sessionId: string) => row<LuciaSession>("lucia_validate_session", sessionId),
    validateSessionUser: (sessionId: string) =>
      row<LuciaSessionUser<Attributes>>("lucia_validate_session_user", sessionId),
    renewSession: (sessionId: string) => row<LuciaSession>("lucia_renew_session", sessionId),
    getAllUserSessions: (userId: string) => set<LuciaSession>("lucia_get_all_user_sessions", userId),
    invalidateSession: (sessionId: string) => none("lucia_invalidate_session", sessionId),
    invalidateAllUserSessions: (userId: string) => none("lucia_invalidate_all_user_sessions", userId),
    deleteDeadUserSessions: (userId: string) => value<number | string>("lucia_delete_dead_user_sessions", userId),
    deleteExpiredSessions: (batchSize = 10000, maxBatches: number | null = null) =>
      value<number | string>("lucia_delete_expired_sessions", batchSize, maxBatches),

    createSessionCookie: (session: LuciaSession | null) =>
      value<string>("lucia_create_session_cookie", session?.session_id ?? null, session?.idle_expires ?? null),
    parseRequestHeaders: (method: string, url: string, origin: string | null, cookie: string | null) =>
      value<string | null>("lucia_parse_request_headers", method, url, origin, cookie, null),
    hashPassword: (password: string) => value<string>("lucia_hash_password", password),
    verifyPassword: async (password: string, hash: string) =>
      Boolean(await value<boolean | number>("lucia_verify_password", password, hash)),
    generateRandomString: (length: number) => value<string>("lucia_generate_random_string", length),
  };
}

export type LuciaClient<Attributes extends Record<string, unknown>> = ReturnType<typeof luciaClient<Attributes>>;
