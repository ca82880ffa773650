/**
 * The one contract between Cordon's services: the generated protobuf messages and gRPC services, plus the
 * Kafka conventions around them (topic names, record keys, headers, and the registry of event types).
 */
export * from './gen/google/protobuf/timestamp.js';
export * from './gen/cordon/common/v1/address.js';
export * from './gen/cordon/common/v1/errors.js';
export * from './gen/cordon/common/v1/money.js';
export * from './gen/cordon/common/v1/party.js';
export * from './gen/cordon/withdrawals/v1/withdrawals.js';
export * from './gen/cordon/sanctions/v1/entity.js';
export * from './gen/cordon/sanctions/v1/list_sync.js';
export * from './gen/cordon/screening/v1/screening.js';
export * from './gen/cordon/cases/v1/cases.js';
export * from './descriptors.js';
export * from './headers.js';
export * from './registry.js';
export * from './sources.js';
export * from './timestamps.js';
export * from './topics.js';
