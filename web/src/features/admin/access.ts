// Who sees the Administration area: administrators manage it; auditors read users, the audit
// log and notification deliveries (the server refuses the rest of them anyway).
export const ADMIN_ROLES = ['administrator', 'auditor'] as const;

export function canSeeAdministration(role: string | undefined): boolean {
  return !!role && (ADMIN_ROLES as readonly string[]).includes(role);
}

/** True when `role` may change users, tokens of others and peers. */
export function canManage(role: string | undefined): boolean {
  return role === 'administrator';
}
