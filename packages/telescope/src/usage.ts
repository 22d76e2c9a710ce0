/**
 * Usage texts of the telescope commands, in a module of their own so that `cynex telescope ingest --help` prints
 * them without loading the pipeline (or DuckDB, for `export`).
 */

/** `cynex telescope ingest --help`. */
export const INGEST_USAGE = `usage: cynex telescope ingest [options] FILE... | -
  --prefix CIDR          darknet prefix (repeatable, required)
  --sensor ID            sensor id (lower-case letters, digits, - and _)
  --hub URL              hub base URL (or CYNEX_HUB_URL)
  --credential SECRET    the sensor's credential, cnxs_… (or CYNEX_SENSOR_CREDENTIAL)
  --token TOKEN          deprecated: a platform-admin API token (or CYNEX_HUB_TOKEN)
  --dry-run              print batches as JSON lines instead of uploading
  --research-list FILE   research scanners: addresses, prefixes, PTR suffixes
  --dos-method METHOD    moore (default) or corsaro
  --interval SECONDS     interval length (default 300)
  --lateness SECONDS     wait for reordered packets after an interval ends (default 10)
  --scan-idle SECONDS    a scan ends after this long without a probe (default 480)
  --batch-intervals N    intervals per upload (default 1)
  --data-dir DIR         write flow tuples as Parquet under DIR
  --no-geo               no country/AS lookups
  --reverse-dns          look up PTR names for research suffixes (sends DNS queries)`;

/** `cynex telescope export --help`. */
export const EXPORT_USAGE = `usage: cynex telescope export --data-dir DIR --out DIR [options]
Writes the anonymised daily TCP SYN dataset (darknet-syn-YYYY-MM-DD.csv / .parquet) from the flow tuples
that \`cynex telescope ingest --data-dir DIR\` stored. Sources are keyed hashes; the key stays in
DIR/telescope/dataset.key (created on first use) and never goes into the files.
  --data-dir DIR      data directory of \`telescope ingest --data-dir\` (required)
  --out DIR           where to write the daily files (required; created if absent)
  --from YYYY-MM-DD   first UTC day (default: the first day with flow tuples)
  --to YYYY-MM-DD     last UTC day (default: the last day with flow tuples)
  --format FORMAT     csv, parquet or both (default both)
Days without flow tuples are skipped: no file means no observation, not zero probes.`;
