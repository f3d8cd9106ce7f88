// The constraint failures the database would report, so the in-memory store refuses the same writes.

export class ConstraintError extends Error {
  constructor(
    readonly code: "unique_violation" | "foreign_key_violation" | "not_found",
    message: string,
  ) {
    super(message);
    this.name = "ConstraintError";
  }
}

export function uniqueViolation(what: string): ConstraintError {
  return new ConstraintError("unique_violation", `unique constraint failed: ${what}`);
}

export function foreignKeyViolation(what: string): ConstraintError {
  return new ConstraintError("foreign_key_violation", `foreign key constraint failed: ${what}`);
}

export function notFound(what: string): ConstraintError {
  return new ConstraintError("not_found", `record to update not found: ${what}`);
}

/** Thrown by every call after `close()`: what a store whose database went away throws. */
export class StoreClosedError extends Error {
  readonly code = "store_closed" as const;
  constructor() {
    super("the in-memory store is closed");
    this.name = "StoreClosedError";
  }
}
