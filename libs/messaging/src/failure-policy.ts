/**
 * The one place that decides what a processing error means for a message: retry later (the system is
 * unwell: the database restarted, a lock timed out) or dead-letter (this message can never succeed).
 */
export function isTransientFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    // PostgreSQL SQLSTATE classes that a given message will hit every time: data exceptions (22),
    // integrity constraint violations (23), syntax or access rule violations (42).
    return !['22', '23', '42'].includes(code.slice(0, 2));
  }
  // Network errors, timeouts, and anything unknown: retry. Dropping a message on an unknown error
  // would lose it; retrying only delays it, and the error is logged each time.
  return true;
}
