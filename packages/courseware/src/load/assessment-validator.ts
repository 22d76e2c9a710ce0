import type { ErrorSink } from '../content-error.js';
import { LANGS } from '../schema/common.schema.js';
import { assessmentSchema, type Assessment } from '../schema/quiz.schema.js';
import { checkLanguages, checkQuizItems, type ContentContext } from './content-checks.js';
import { checkSchema, parseYamlFile, type YamlFile } from './yaml-file.js';

export interface ParsedAssessment {
  assessment: Assessment;
  yaml: YamlFile;
}

/** assessments/<id>.yaml on its own (the pairing is checked across files by {@link checkPairs}). */
export function parseAssessment(
  text: string,
  displayPath: string,
  fileId: string,
  ctx: ContentContext,
  sink: ErrorSink,
): ParsedAssessment | undefined {
  const before = sink.count;
  const yaml = parseYamlFile(displayPath, text, sink);
  const assessment = yaml && checkSchema(yaml, assessmentSchema, sink);
  if (!yaml || !assessment) return undefined;
  if (assessment.id !== fileId)
    sink.add(
      'ID_MISMATCH',
      displayPath,
      `id ${assessment.id} differs from the file name ${fileId}.yaml`,
      yaml.locate(['id']),
    );
  checkLanguages(yaml, ['title'], assessment.title, LANGS, sink);
  checkQuizItems(yaml, assessment.items, LANGS, ctx, sink);
  return sink.count > before ? undefined : { assessment, yaml };
}

/** The set of KSA references an assessment's items measure. */
export function measuredKsa(assessment: Assessment): Set<string> {
  return new Set(assessment.items.flatMap((item) => item.ksa));
}

/**
 * `pairedWith` names an assessment that exists, a pre is paired with a post (and back), and the two measure the
 * same KSAs. Returns the ids of assessments found wrong.
 */
export function checkPairs(parsed: readonly ParsedAssessment[], sink: ErrorSink): Set<string> {
  const byId = new Map(parsed.map((p) => [p.assessment.id, p]));
  const wrong = new Set<string>();
  for (const { assessment, yaml } of parsed) {
    const partnerId = assessment.pairedWith;
    if (partnerId === undefined) continue;
    const at = yaml.locate(['pairedWith']);
    const fail = (code: 'UNKNOWN_ASSESSMENT' | 'ASSESSMENT_KIND' | 'PAIRED_KSA_MISMATCH', message: string) => {
      sink.add(code, yaml.file, message, at);
      wrong.add(assessment.id);
    };
    const partner = byId.get(partnerId)?.assessment;
    if (!partner) {
      fail('UNKNOWN_ASSESSMENT', `pairedWith names unknown assessment ${partnerId}`);
      continue;
    }
    const kinds = `${assessment.kind}/${partner.kind}`;
    if (kinds !== 'pre/post' && kinds !== 'post/pre') {
      fail('ASSESSMENT_KIND', `a ${assessment.kind} assessment cannot be paired with ${partnerId} (${partner.kind})`);
      continue;
    }
    const mine = measuredKsa(assessment);
    const theirs = measuredKsa(partner);
    const onlyMine = [...mine].filter((k) => !theirs.has(k));
    const onlyTheirs = [...theirs].filter((k) => !mine.has(k));
    if (onlyMine.length + onlyTheirs.length > 0)
      fail(
        'PAIRED_KSA_MISMATCH',
        `measures other KSAs than ${partnerId}: only here ${onlyMine.join(', ') || '-'}; only there ${onlyTheirs.join(', ') || '-'}`,
      );
  }
  return wrong;
}
