// docs/replicas.md: reads go to a hot standby, and a call the standby cannot answer (it would
// have to write, or its "not found" may only be lag) goes to the primary, with one catch.
import type { Call } from "lucia-sql";

// The SQLSTATE of AUTH_PRIMARY_REQUIRED: a standby's "send this call to the primary".
export const PRIMARY_REQUIRED = "LU012";

// True for the standby's AUTH_PRIMARY_REQUIRED, however the ORM wrapped the driver's error.
export function needsPrimary(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === PRIMARY_REQUIRED) return true;
  }
  return false;
}

// How many routed calls the replica answered and how many it sent to the primary: an app (or a
// test) sees its replicas work.
export interface Answers {
  replica: number;
  primary: number;
}

// A Call that asks a replica first and the primary when the replica says it must.
export function replicaFirst(replica: Call, primary: Call, answers: Answers): Call {
  return async (name, args, shape) => {
    try {
      const result = await replica(name, args, shape);
      answers.replica += 1;
      return result;
    } catch (error) {
      if (!needsPrimary(error)) throw error;
      answers.primary += 1;
      return await primary(name, args, shape);
    }
  };
}
