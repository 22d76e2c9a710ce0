import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  CASE_ID_PATTERN,
  caseCreateSchema,
  scopeSchema,
  sharingProblems,
  tlpSchema,
  type CaseListQuery,
} from '@cynex/core';
import { AppError, type RowProblem } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseInsert, CasesRepository } from './cases.repository.js';
import type { CasesService } from './cases.service.js';
import { presentCase } from './cases.presenter.js';

/** The CSV layout of the overview report, used for both export and import. */
export const CSV_COLUMNS = [
  'caseId',
  'ownerOrg',
  'environmentKind',
  'environmentCode',
  'environmentName',
  'startDate',
  'endDate',
  'sampleName',
  'malwareFamily',
  'progressLevel',
  'status',
  'scope',
  'marking',
  'sharingGroupId',
  'summaryEn',
  'summaryJa',
] as const;

const MAX_EXPORT_ROWS = 100_000;
const MAX_IMPORT_ROWS = 5_000;

type ExportRow = Awaited<ReturnType<CasesRepository['list']>>['items'][number];

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula; such cells get a leading apostrophe on export,
 * which Excel hides and the import takes off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const neutralise = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
const restore = (value: string): string =>
  value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;

const csvRow = (row: ExportRow) => ({
  caseId: row.caseId,
  ownerOrg: row.ownerOrgSlug,
  environmentKind: row.environmentKind,
  environmentCode: row.environmentCode,
  environmentName: neutralise(row.environmentName),
  startDate: row.startDate,
  endDate: row.endDate ?? '',
  sampleName: neutralise(row.sampleName),
  malwareFamily: neutralise(row.malwareFamily),
  progressLevel: row.progressLevel,
  status: row.status,
  scope: row.scope,
  marking: row.marking,
  sharingGroupId: row.sharingGroupId ?? '',
  summaryEn: neutralise(row.summaryEn),
  summaryJa: neutralise(row.summaryJa),
});

/** CSV and JSON export of the overview table, and all-or-nothing CSV import. */
export class CasesTransferService {
  constructor(
    private readonly cases: CasesService,
    private readonly repo: CasesRepository,
    private readonly audit: AuditService,
    private readonly orgIdBySlug: (slug: string) => Promise<string | undefined>,
  ) {}

  async export(actor: Actor, query: Omit<CaseListQuery, 'limit' | 'offset'>, format: 'csv' | 'json') {
    const { items } = await this.repo.list(actor, { ...query, limit: MAX_EXPORT_ROWS, offset: 0 });
    await this.audit.record(actor, { action: 'case.export', details: { format, count: items.length, filters: query } });
    if (format === 'json')
      return JSON.stringify({ exportedAt: new Date().toISOString(), cases: items.map(presentCase) }, null, 2);
    // A byte-order mark so that Excel, which many of our users open CSV in, reads the Japanese text as UTF-8.
    return '\uFEFF' + stringify(items.map(csvRow), { header: true, columns: [...CSV_COLUMNS] });
  }

  /** Problems a row has even when other fields are invalid, so one pass reports every error of the row. */
  private async independentProblems(
    row: number,
    record: Record<string, string>,
    reserved: Set<string>,
  ): Promise<RowProblem[]> {
    const found: RowProblem[] = [];
    const scope = scopeSchema.safeParse(record.scope || 'organisation');
    const marking = tlpSchema.safeParse(record.marking || 'AMBER');
    if (scope.success && marking.success) {
      const sharing = sharingProblems({
        scope: scope.data,
        marking: marking.data,
        sharingGroupId: record.sharingGroupId || null,
      });
      for (const problem of sharing) found.push({ row, column: problem.field, message: problem.message });
    }
    const caseId = record.caseId;
    if (caseId && CASE_ID_PATTERN.test(caseId) && (reserved.has(caseId) || (await this.repo.caseIdTaken(caseId)))) {
      found.push({ row, column: 'caseId', message: `case id ${caseId} is taken` });
    }
    return found;
  }

  async import(actor: Actor, csv: string): Promise<{ imported: number }> {
    let records: Record<string, string>[];
    try {
      records = parse(csv.replace(/^\uFEFF/, ''), {
        columns: true,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: false,
        max_record_size: 100_000,
      });
    } catch (error) {
      const err = error as { lines?: number; message: string };
      throw new AppError('IMPORT_FAILED', 'the file is not valid CSV', {
        rows: [{ row: err.lines ?? 0, column: '', message: err.message }],
      });
    }
    if (records.length === 0)
      throw new AppError('IMPORT_FAILED', 'the file has no rows', {
        rows: [{ row: 1, column: '', message: 'no data rows' }],
      });
    if (records.length > MAX_IMPORT_ROWS) {
      throw new AppError('IMPORT_FAILED', `at most ${MAX_IMPORT_ROWS} rows per import`, {
        rows: [{ row: MAX_IMPORT_ROWS + 2, column: '', message: 'too many rows' }],
      });
    }
    const unknownColumns = Object.keys(records[0]!).filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
    if (unknownColumns.length > 0) {
      throw new AppError('IMPORT_FAILED', 'unknown columns', {
        rows: unknownColumns.map((column) => ({ row: 1, column, message: 'unknown column' })),
      });
    }
    const problems: RowProblem[] = [];
    const prepared: CaseInsert[] = [];
    const reserved = new Set<string>();
    for (const [index, record] of records.entries()) {
      const row = index + 2; // line 1 is the header
      const ownerOrgId = record.ownerOrg ? await this.orgIdBySlug(record.ownerOrg) : undefined;
      if (record.ownerOrg && !ownerOrgId)
        problems.push({ row, column: 'ownerOrg', message: `no organisation "${record.ownerOrg}"` });
      const candidate = Object.fromEntries(
        Object.entries({
          ...Object.fromEntries(Object.entries(record).map(([key, value]) => [key, restore(value)])),
          ownerOrg: undefined,
          ownerOrgId,
          endDate: record.endDate || undefined,
          caseId: record.caseId || undefined,
          sharingGroupId: record.sharingGroupId || undefined,
          progressLevel: record.progressLevel ? Number(record.progressLevel) : undefined,
        }).filter(([, value]) => value !== undefined && value !== ''),
      );
      const parsed = caseCreateSchema.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({ row, column: String(issue.path[0] ?? ''), message: issue.message });
        }
        problems.push(...(await this.independentProblems(row, record, reserved)));
        continue;
      }
      try {
        const insert = await this.cases.prepare(actor, parsed.data, reserved);
        reserved.add(insert.caseId);
        prepared.push(insert);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const fields = error.extra.fields ?? [{ path: '', message: error.message }];
        const column = (path: string) => (path === 'ownerOrgId' || error.code === 'FORBIDDEN' ? 'ownerOrg' : path);
        for (const field of fields) problems.push({ row, column: column(field.path), message: field.message });
      }
    }
    if (problems.length > 0)
      throw new AppError('IMPORT_FAILED', `${problems.length} problems; nothing was imported`, { rows: problems });
    const inserted = await this.cases.insertPrepared(actor, prepared, [], 'case.import');
    await this.audit.record(actor, { action: 'case.import_batch', details: { count: inserted.length } });
    return { imported: inserted.length };
  }
}
