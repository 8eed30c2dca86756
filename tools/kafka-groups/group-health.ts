import { type GroupHealth } from '@dxhub/messaging';

/** A group's health as the table `npm run kafka:groups` prints. */
export function formatGroupHealth(h: GroupHealth): string {
  const lines = [
    `${h.groupId}: ${h.state}, ${h.members.length} member(s), lag ${h.totalLag}`,
    ...h.members.map((m) => `  member ${m.member} holds ${m.partitions} partition(s)`),
  ];
  // A partition nobody holds matters while the group has members (they should share every partition).
  const waiting = h.partitions.filter((p) => p.lag > 0 || (p.member === null && h.members.length > 0));
  for (const p of waiting) {
    lines.push(
      `  ${p.topic}[${p.partition}] committed ${p.committed ?? '-'} end ${p.end} lag ${p.lag}` +
        (p.member ? ` (${p.member})` : ' (no member)'),
    );
  }
  const caughtUp = h.partitions.length - waiting.length;
  if (caughtUp > 0) lines.push(`  ${caughtUp} partition(s) caught up`);
  return lines.join('\n');
}
