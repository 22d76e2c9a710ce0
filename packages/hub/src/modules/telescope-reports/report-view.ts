import type { Tlp } from '@cynex/core';
import type { ReportKind, ReportSnapshot } from './report-data.js';
import type { Lang } from './report-i18n.js';

/**
 * The report as the renderers see it: sections of generic blocks, every text already in the report's language
 * and every number formatted. The HTML and PDF renderers only lay it out.
 */
export type Align = 'left' | 'right';
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'figures'; items: { label: string; value: string; note?: string | undefined }[] }
  | { kind: 'table'; columns: { label: string; align: Align }[]; rows: string[][]; totalRow?: boolean }
  | { kind: 'chart'; title: string; svg: string; width: number; height: number }
  /** Text typed by people (notable events): shown as written, line breaks kept. */
  | { kind: 'freeText'; text: string; empty: boolean }
  | { kind: 'list'; items: string[] };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

/** TLP 2.0 colours (FIRST): the label's colour on a black background. */
export const TLP_COLOURS: Record<Tlp, string> = {
  CLEAR: '#FFFFFF',
  GREEN: '#33FF00',
  AMBER: '#FFC000',
  'AMBER+STRICT': '#FFC000',
  RED: '#FF2B2B',
};

export interface ReportView {
  lang: Lang;
  title: string;
  reportName: string;
  subtitle: string;
  marking: Tlp;
  /** Cover facts: label and value. */
  cover: { label: string; value: string }[];
  markingNote: string;
  basedOn: string;
  contentsLabel: string;
  sections: Section[];
  page: (n: number, of: number) => string;
}

/** The stored report, as much of it as the content needs. */
export interface ReportSource {
  kind: ReportKind;
  year: number;
  quarter: number | null;
  titleJa: string;
  titleEn: string;
  notableEventsJa: string;
  notableEventsEn: string;
  marking: Tlp;
  ownerOrgNameJa: string;
  ownerOrgNameEn: string;
  snapshot: ReportSnapshot;
}
