/**
 * What went wrong with a capture:
 * - `bad-magic`: the first bytes are neither pcap, pcapng nor gzip.
 * - `truncated`: the input ended inside a header, record or block.
 * - `corrupt`: a length or field is impossible (too large, inconsistent, misaligned).
 * - `unsupported`: well-formed but a version this reader does not handle.
 * - `gzip`: the compressed stream is damaged or cut short.
 *
 * @example
 * const code: PcapErrorCode = 'truncated';
 */
export type PcapErrorCode = 'bad-magic' | 'truncated' | 'corrupt' | 'unsupported' | 'gzip';

/**
 * Thrown for any malformed, truncated or unsupported capture. Every instance names the
 * byte offset (in the uncompressed stream) where the problem starts and how many packet
 * records were delivered before it, so an analyst can find the spot with a hex editor and
 * knows how much of the capture was trustworthy.
 *
 * @example
 * try {
 *   await PcapReader.fromFile('cut.pcap').read(() => {});
 * } catch (err) {
 *   if (err instanceof PcapFormatError) console.error(err.code, err.offset, err.records);
 * }
 */
export class PcapFormatError extends Error {
  override readonly name = 'PcapFormatError';

  /**
   * @param code category of the failure
   * @param offset byte offset in the uncompressed stream where the bad unit starts
   * @param records packet records delivered before the failure
   * @param detail human-readable description; the offset and record count are appended
   */
  constructor(
    readonly code: PcapErrorCode,
    readonly offset: number,
    readonly records: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${detail} at byte ${offset} after ${records} records`, options);
  }
}

/**
 * Builds the standard "input ended early" error. Kept in one place so every truncation
 * message has the same shape: what was being read, where, and how many bytes were missing.
 *
 * @example
 * throw truncatedError('record', 123456, 789, 1514, 200);
 * // "truncated record at byte 123456 after 789 records: needs 1514 bytes, 200 left"
 */
export function truncatedError(what: string, offset: number, records: number, need: number, left: number) {
  const err = new PcapFormatError('truncated', offset, records, `truncated ${what}`);
  // The numbers go after the location so the message reads like the example in the docs.
  err.message += `: needs ${need} bytes, ${left} left`;
  return err;
}
