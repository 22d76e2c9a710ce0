// Types for the parts of BSI's csaf-validator-lib (plain JavaScript) that the reference test uses.
declare module '@secvisogram/csaf-validator-lib/validate.js' {
  export type DocumentTest = (doc: unknown) => unknown;
  export interface TestResult {
    name: string;
    isValid: boolean;
    errors: { instancePath: string; message: string }[];
  }
  export default function validate(
    tests: DocumentTest[],
    doc: unknown,
  ): Promise<{ isValid: boolean; tests: TestResult[] }>;
}
declare module '@secvisogram/csaf-validator-lib/basic.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  const tests: Record<string, DocumentTest>;
  export = tests;
}
