/**
 * What went wrong while reading a list. Problems that make the whole list untrustworthy are thrown as a
 * `ListParseError`; problems confined to one record are reported as `ParseIssue`s beside the parsed entities.
 */

/** Codes of the failures that stop a list from loading at all. */
export type ListErrorCode =
  /** The path does not exist or cannot be read. */
  | 'FILE_UNREADABLE'
  /** A folder format is missing one of its required files. */
  | 'MISSING_FILE'
  /** The bytes are not the expected CSV (broken quoting, wrong column layout, garbage). */
  | 'MALFORMED_CSV'
  /** The bytes are not well-formed XML. */
  | 'MALFORMED_XML'
  /** The file ends before the document does (a cut download). */
  | 'TRUNCATED'
  /** Well-formed, but not the list the format promises (wrong root element or header). */
  | 'NOT_A_LIST'
  /** The format name is not one this package reads. */
  | 'UNKNOWN_FORMAT'
  /** The file holds no entity at all: never a valid publication. */
  | 'EMPTY_LIST';

/**
 * A failure that makes the list unusable. Never retriable: the same bytes fail the same way, so the caller
 * keeps the last good version instead of trying again.
 */
export class ListParseError extends Error {
  /** Stable machine-readable reason. */
  readonly code: ListErrorCode;
  /** Always false: re-reading the same file cannot help; fetching a new copy might. */
  readonly retriable = false;
  /** The file the failure was found in, when there is one. */
  readonly file?: string;
  /** 1-based line of the failure, when known. */
  readonly line?: number;

  constructor(code: ListErrorCode, message: string, where: { file?: string; line?: number; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = 'ListParseError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
  }
}

/** A problem with one record (or one row) that did not stop the rest of the list from loading. */
export interface ParseIssue {
  /** `error`: data was lost or is suspect; `warning`: tolerated oddity. */
  severity: 'error' | 'warning';
  /** Stable kebab-case reason, e.g. `orphan-row`, `duplicate-id`, `unknown-namespace`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  entityId?: string;
  /**
   * How many records the issue stands for, when more than one: a Record_Count mismatch stands for every record
   * missing (or extra), not for one. Absent means 1.
   */
  records?: number;
}

/** Records lost or suspect across `issues`: the errors, each weighted by the records it stands for. */
export function errorRecords(issues: readonly ParseIssue[]): number {
  let total = 0;
  for (const issue of issues) if (issue.severity === 'error') total += issue.records ?? 1;
  return total;
}
