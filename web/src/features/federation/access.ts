// Who may open which federation page (docs/API.md, Roles): GET /peers is open to every role,
// GET /quarantine to administrators and auditors only (others get 403).
export const QUARANTINE_ROLES: readonly string[] = ['administrator', 'auditor'];

export function canSeeQuarantine(role: string | null | undefined): boolean {
  return !!role && QUARANTINE_ROLES.includes(role);
}
