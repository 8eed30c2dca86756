// The messaging lib's public API: the only way the platform's code reaches Kafka (kafkajs stays inside).
export * from './broker/consumer-groups';
export * from './broker/kafka-access';
export * from './broker/kafka-access-probe';
export { type AclProvisioningReport, describeAll, provisionKafkaAcls } from './broker/kafka-acl-provisioner';
export {
  KafkaGateway,
  type KafkaGatewayLog,
  type KafkaLogLine,
  type OutgoingRecord,
  type TopicRecord,
} from './broker/kafka-gateway';
export { kafkaLogLevel } from './broker/kafka-log-level';
export * from './broker/record-batches';
export * from './broker/topic-reader';
export * from './failure-policy';
export { decodeCloudEvent, type DecodeResult, encodeBinary } from './inbound/cloud-event.codec';
export * from './inbound/dead-letter-redrive';
export * from './inbound/dead-letters';
export { type ApplyOutcome, type EventHandler, type FailedEvent, type HandlerResult } from './inbound/event-applier';
export * from './inbound/event-consumer';
export * from './inbound/inbound-event';
export * from './inbound/inbox';
export {
  type ConsumedMessage,
  type Inspection,
  type InspectionRules,
  type Publishers,
  RecordInspector,
} from './inbound/record-inspector';
export { type RawRecord } from './inbound/raw-record';
export * from './inbound/rejection-log';
export * from './inbound/topic-replay';
export * from './kafka.config';
export * from './messaging.module';
export * from './outbound/outbox';
export * from './outbound/outbox-relay';
export * from './outbound/outbox-relay.module';
export * from './rejections/dto/rejections-page.dto';
export * from './rejections/dto/rejections-query.dto';
export * from './rejections/rejection-query';
export * from './rejections/rejections.controller';
export * from './rejections/rejections.module';
