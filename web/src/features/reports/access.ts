// Who may record assessments and lead outcomes, publish and attest reports: the server's
// reports::kReportWriters (src/reports/service.h); the server refuses the others anyway.
export const REPORT_WRITER_ROLES: readonly string[] = ['administrator', 'liaison_officer', 'supervisor', 'principal'];

export function canWriteReports(role: string | undefined): boolean {
  return !!role && REPORT_WRITER_ROLES.includes(role);
}
