/** The roles a token may carry (claim `roles`); anything else in the claim is ignored. */
export const ROLES = ['reporter', 'approver', 'programme-office', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: from a verified bearer token. */
export interface Principal {
  /** The user's id at the issuer (claim `sub`). */
  sub: string;
  /** The agency the user acts for (claim `agency`), e.g. STTTT. */
  agency: string;
  /** Known roles from claim `roles`, at least one. */
  roles: Role[];
  /** When the token expires (claim `exp`): a stream it opened closes then. */
  expiresAt?: Date;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
