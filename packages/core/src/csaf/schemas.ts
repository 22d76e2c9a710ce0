/**
 * The CSAF 2.0 schema and the FIRST CVSS schemas it references (data/csaf, see its README), imported as JSON
 * modules so they travel inside every bundle and validation needs no network.
 */
import csafSchema from '../../data/csaf/schema/csaf_json_schema.json' with { type: 'json' };
import cvssV20 from '../../data/csaf/schema/first/cvss-v2.0.json' with { type: 'json' };
import cvssV30 from '../../data/csaf/schema/first/cvss-v3.0.json' with { type: 'json' };
import cvssV31 from '../../data/csaf/schema/first/cvss-v3.1.json' with { type: 'json' };

export const CSAF_SCHEMA: Record<string, unknown> = csafSchema;

/** FIRST's schemas by the `$ref` the CSAF schema uses (the files' own `$id`s differ or are missing). */
export const CVSS_SCHEMAS: Record<string, Record<string, unknown>> = {
  'https://www.first.org/cvss/cvss-v2.0.json': cvssV20,
  'https://www.first.org/cvss/cvss-v3.0.json': cvssV30,
  'https://www.first.org/cvss/cvss-v3.1.json': cvssV31,
};
