import type { TaskState } from '@dxhub/contracts';

/** Where a node's progress comes from. */
export const PROGRESS_SOURCES = ['manual', 'children', 'indicators'] as const;
export type ProgressSource = (typeof PROGRESS_SOURCES)[number];

/** An indicator a task measures itself by, with the latest province-level value seen. */
export interface IndicatorLink {
  indicatorCode: string;
  baseline: number;
  target: number;
  value: number | null;
}

/** One node of the programme tree (resolution, goal, task group, task, sub-task). */
export interface ProgressNode {
  id: string;
  parentId: string | null;
  weight: number;
  state: TaskState | null;
  source: ProgressSource;
  /** Progress the lead agency reported (manual tasks). */
  ownPercent: number;
  indicators: IndicatorLink[];
}

/** Rounds to 2 decimals, half away from zero, without binary drift (12.345 → 12.35). */
export function round2(x: number): number {
  return (Math.sign(x) * Math.round(Number(`${Math.abs(x)}e2`))) / 100;
}

/**
 * Achievement against target as a percentage, 0–100: how far the value has moved from the baseline towards the
 * target (works for "lower is better" targets too, where target < baseline). No value yet counts as 0.
 */
export function indicatorAchievement(link: IndicatorLink): number {
  if (link.value === null) return 0;
  const share = (link.value - link.baseline) / (link.target - link.baseline);
  return Math.min(100, Math.max(0, share * 100));
}

/**
 * Progress of every node, 0–100, unrounded: an approved task is 100; a task measured by indicators is the mean
 * achievement of its indicators; a node with children is the weighted mean of its children's progress
 * (cancelled children left out: they no longer count towards the goal); anything else is what was reported.
 */
export function rollUpProgress(nodes: readonly ProgressNode[]): Map<string, number> {
  const children = new Map<string, ProgressNode[]>();
  for (const n of nodes) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const result = new Map<string, number>();
  const visiting = new Set<string>();

  const progressOf = (n: ProgressNode): number => {
    const known = result.get(n.id);
    if (known !== undefined) return known;
    if (visiting.has(n.id)) throw new Error(`the programme tree has a cycle at ${n.id}`);
    visiting.add(n.id);
    let p: number;
    const kids = (children.get(n.id) ?? []).filter((c) => c.state !== 'CANCELLED');
    if (n.state === 'APPROVED') p = 100;
    else if (n.source === 'indicators' && n.indicators.length > 0) {
      p = n.indicators.reduce((s, l) => s + indicatorAchievement(l), 0) / n.indicators.length;
    } else if (kids.length > 0) {
      const total = kids.reduce((s, c) => s + c.weight, 0);
      p = total > 0 ? kids.reduce((s, c) => s + c.weight * progressOf(c), 0) / total : 0;
    } else p = n.ownPercent;
    visiting.delete(n.id);
    result.set(n.id, p);
    return p;
  };
  for (const n of nodes) progressOf(n);
  return result;
}
