import { Readable } from 'node:stream';
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
import { writableOrgs } from '../../platform/policy.js';
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

/** Rows read per query while an export streams. */
const EXPORT_PAGE = 2_000;
const MAX_IMPORT_ROWS = 5_000;

type ExportRow = Awaited<ReturnType<CasesRepository['list']>>['items'][number];

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula; such cells get a leading apostrophe on export,
 * which Excel hides and the import takes off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Export: a formula-like cell, or one that starts with an apostrophe itself, gets one more apostrophe. */
const neutralise = (value: string): string =>
  FORMULA_START.test(value) || value.startsWith("'") ? `'${value}` : value;
/** Import: takes off only an apostrophe the export could have added, so a genuine leading apostrophe survives. */
const restore = (value: string): string =>
  value.startsWith("'") && (FORMULA_START.test(value.slice(1)) || value.startsWith("''")) ? value.slice(1) : value;

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

  /**
   * Every case the actor may read that matches the filters, streamed page by page (no row limit, memory bounded
   * by one page), as CSV or as one JSON document.
   */
  async export(
    actor: Actor,
    query: Omit<CaseListQuery, 'limit' | 'offset'>,
    format: 'csv' | 'json',
  ): Promise<Readable> {
    const { total } = await this.repo.list(actor, { ...query, limit: 1, offset: 0 });
    await this.audit.record(actor, { action: 'case.export', details: { format, count: total, filters: query } });
    const pages = async function* (repo: CasesRepository) {
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const { items } = await repo.list(actor, { ...query, limit: EXPORT_PAGE, offset });
        if (items.length > 0) yield items;
        if (items.length < EXPORT_PAGE) return;
      }
    };
    const repo = this.repo;
    return Readable.from(
      (async function* () {
        if (format === 'json') {
          yield `{\n  "exportedAt": ${JSON.stringify(new Date().toISOString())},\n  "total": ${total},\n  "cases": [`;
          let first = true;
          for await (const items of pages(repo)) {
            for (const item of items) {
              yield `${first ? '' : ','}\n    ${JSON.stringify(presentCase(item))}`;
              first = false;
            }
          }
          yield `${first ? '' : '\n  '}]\n}\n`;
          return;
        }
        // A byte-order mark so that Excel, which many of our users open CSV in, reads the Japanese text as UTF-8.
        yield '\uFEFF' + stringify([], { header: true, columns: [...CSV_COLUMNS] });
        for await (const items of pages(repo)) yield stringify(items.map(csvRow), { columns: [...CSV_COLUMNS] });
      })(),
      { objectMode: false },
    );
  }

  /** Problems a row has even when other fields are invalid, so one pass reports every error of the row. */
  private async independentProblems(
    row: number,
    record: Record<string, string>,
    ownerOrgId: string | undefined,
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
    if (
      caseId &&
      ownerOrgId &&
      CASE_ID_PATTERN.test(caseId) &&
      (reserved.has(`${ownerOrgId} ${caseId}`) || (await this.repo.caseIdTaken(ownerOrgId, caseId)))
    ) {
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
        problems.push(
          ...(await this.independentProblems(
            row,
            record,
            ownerOrgId ?? (actor.kind === 'user' ? writableOrgs(actor)[0] : undefined),
            reserved,
          )),
        );
        continue;
      }
      try {
        const insert = await this.cases.prepare(actor, parsed.data, reserved);
        reserved.add(`${insert.ownerOrgId} ${insert.caseId}`);
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
