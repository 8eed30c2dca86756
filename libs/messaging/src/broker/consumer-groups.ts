import type { Admin } from 'kafkajs';
import { adminOf, type KafkaGateway } from './kafka-gateway';

/** One partition a consumer group reads: where it is, where the partition ends, and the gap. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (the next record it will read), or null before its first commit. */
  committed: string | null;
  /** The high-water mark: the offset the next record written will get. */
  end: string;
  /** Records written and not yet read by the group (from the log start when nothing is committed). */
  lag: number;
  /** The member (client id @ host) the partition is assigned to, or null when no member holds it. */
  member: string | null;
}

export interface GroupHealth {
  /** Logical group id (without KAFKA_TOPIC_PREFIX). */
  groupId: string;
  /** Stable, PreparingRebalance, CompletingRebalance, Empty or Dead. */
  state: string;
  members: { member: string; partitions: number }[];
  partitions: PartitionLag[];
  totalLag: number;
}

/**
 * The topics and partitions of a member's assignment, from the consumer protocol's MemberAssignment bytes
 * (version int16, then [topic string, [partition int32]], then user data).
 */
export function decodeMemberAssignment(bytes: Buffer): { topic: string; partitions: number[] }[] {
  if (bytes.length < 6) return [];
  let at = 2; // version
  const topics: { topic: string; partitions: number[] }[] = [];
  const count = bytes.readInt32BE(at);
  at += 4;
  for (let t = 0; t < count; t++) {
    const length = bytes.readInt16BE(at);
    at += 2;
    const topic = bytes.toString('utf8', at, at + length);
    at += length;
    const partitions: number[] = [];
    const n = bytes.readInt32BE(at);
    at += 4;
    for (let p = 0; p < n; p++, at += 4) partitions.push(bytes.readInt32BE(at));
    topics.push({ topic, partitions });
  }
  return topics;
}

/** Lag of one partition: end minus committed, or end minus the log start before the first commit. */
export function partitionLag(committed: string | null, low: string, end: string): number {
  const from = committed === null ? BigInt(low) : BigInt(committed);
  const lag = BigInt(end) - from;
  return Number(lag > 0n ? lag : 0n);
}

/**
 * Reads the health of consumer groups through the gateway's admin connection: state, members and what
 * each holds, and per partition the committed offset, the high-water mark and the lag. Groups and topics are
 * logical names; the gateway adds KAFKA_TOPIC_PREFIX.
 */
export async function readGroupHealth(gateway: KafkaGateway, groupIds?: readonly string[]): Promise<GroupHealth[]> {
  const admin = await adminOf(gateway);
  const prefix = gateway.physical('');
  const physicalIds =
    groupIds && groupIds.length > 0
      ? groupIds.map((g) => gateway.physical(g))
      : (await admin.listGroups()).groups
          .filter((g) => g.protocolType === 'consumer' && g.groupId.startsWith(prefix))
          .map((g) => g.groupId)
          .sort();
  if (physicalIds.length === 0) return [];
  const { groups } = await admin.describeGroups(physicalIds);
  const endsByTopic = new Map<string, Map<number, { low: string; high: string }>>();
  const ends = async (topic: string) => {
    if (!endsByTopic.has(topic)) {
      const offsets = await admin.fetchTopicOffsets(topic);
      endsByTopic.set(topic, new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }])));
    }
    return endsByTopic.get(topic)!;
  };
  const health: GroupHealth[] = [];
  for (const group of groups) {
    const owner = new Map<string, string>();
    const members = group.members.map((m) => {
      const member = `${m.clientId}@${m.clientHost.replace(/^\//, '')}`;
      const assigned = decodeMemberAssignment(m.memberAssignment);
      for (const { topic, partitions } of assigned) for (const p of partitions) owner.set(`${topic}:${p}`, member);
      return { member, partitions: assigned.reduce((n, a) => n + a.partitions.length, 0) };
    });
    const committed = await admin.fetchOffsets({ groupId: group.groupId });
    const topics = new Set([...committed.map((c) => c.topic), ...[...owner.keys()].map((k) => k.replace(/:\d+$/, ''))]);
    const partitions: PartitionLag[] = [];
    for (const topic of [...topics].sort()) {
      const offsets = new Map(
        (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]),
      );
      for (const [partition, { low, high }] of [...(await ends(topic))].sort(([a], [b]) => a - b)) {
        const offset = offsets.get(partition);
        const position = offset === undefined || offset === '-1' ? null : offset;
        partitions.push({
          topic: gateway.logical(topic),
          partition,
          committed: position,
          end: high,
          lag: partitionLag(position, low, high),
          member: owner.get(`${topic}:${partition}`) ?? null,
        });
      }
    }
    health.push({
      groupId: gateway.logical(group.groupId),
      state: group.state,
      members,
      partitions,
      totalLag: partitions.reduce((sum, p) => sum + p.lag, 0),
    });
  }
  return health;
}

/** What a rewind moved: per topic, the partitions' new positions. */
export interface Rewind {
  groupId: string;
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

/**
 * Moves a stopped consumer group (no members: the broker refuses otherwise) back to the first record written
 * at or after `to`, or to the start of each log with 'earliest', on every topic it has committed offsets for.
 * Consumers dedupe on ce_id, so what they read again changes nothing they already applied: this is how a
 * restored database catches up, and how a read model rebuilds (docs/operations.md).
 */
export async function rewindGroup(gateway: KafkaGateway, groupId: string, to: Date | 'earliest'): Promise<Rewind> {
  const admin = await adminOf(gateway);
  const physicalGroup = gateway.physical(groupId);
  const committed = await admin.fetchOffsets({ groupId: physicalGroup });
  if (committed.length === 0) throw new Error(`group ${groupId} has no committed offsets to rewind`);
  const rewind: Rewind = { groupId, topics: [] };
  for (const { topic } of committed) {
    const partitions =
      to === 'earliest'
        ? (await admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: o.low }))
        : await positionsAt(admin, topic, to);
    await admin.setOffsets({ groupId: physicalGroup, topic, partitions });
    rewind.topics.push({ topic: gateway.logical(topic), partitions });
  }
  return rewind;
}

/** The offset of the first record at or after `time` in each partition (the end where there is none). */
async function positionsAt(admin: Admin, topic: string, time: Date): Promise<{ partition: number; offset: string }[]> {
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high]));
  return (await admin.fetchTopicOffsetsByTimestamp(topic, time.getTime())).map((o) => ({
    partition: o.partition,
    // -1: no record at or after the time; the group goes to the end.
    offset: o.offset === '-1' ? (ends.get(o.partition) ?? o.offset) : o.offset,
  }));
}
