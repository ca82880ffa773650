/**
 * @cordon/lists: streaming parsers for the official sanctions lists (OFAC SDN and Consolidated as legacy CSV and
 * XML, UN, UK, UK OFSI, EU) into one entity model, with content hashes and deltas between versions, and the
 * mapping of that model to the SanctionedEntity proto that carries it on Kafka.
 */
export * from './model.js';
export { errorRecords, ListParseError, type ListErrorCode, type ParseIssue } from './errors.js';
export {
  LIST_FORMATS,
  loadList,
  openList,
  parseList,
  type ListFormat,
  type ListStream,
  type LoadedList,
  type LoadProgress,
  type ParseOptions,
} from './load.js';
export type { ListMeta } from './formats/registry.js';
export { canonicalJson, compareEntities, contentHash, entityHash } from './hash.js';
export { diffLists, type ChangedEntity, type ListDelta } from './diff.js';
export { resolveListFormat, summariseList, type ListSummary } from './summary.js';
export { detectScript } from './text.js';
export { parseBirthDate } from './dates.js';
export { toCountryCode } from './countries.js';
export { parseOfacRemarks, type RemarkFacts } from './formats/ofac-remarks.js';
export { encodeProtoEntity, protoListSource, toModelEntity, toProtoEntity } from './proto.js';
