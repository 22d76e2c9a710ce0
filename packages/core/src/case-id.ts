/**
 * Case ids in NICT's style: `YYMMDD_<environment code>_<serial>`.
 * @example formatCaseId(new Date('2022-08-10'), 'CL12', 1) // '220810_CL12_001'
 */
export const CASE_ID_PATTERN = /^\d{6}_[A-Z0-9]{1,12}_\d{3,6}$/;

export function formatCaseId(date: Date, environmentCode: string, serial: number): string {
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  return `${yy}${mm}${dd}_${environmentCode.toUpperCase()}_${String(serial).padStart(3, '0')}`;
}

/** The serial part of a case id, or undefined when the id is not in NICT's style. */
export function caseIdSerial(caseId: string): number | undefined {
  if (!CASE_ID_PATTERN.test(caseId)) return undefined;
  return Number(caseId.split('_')[2]);
}
