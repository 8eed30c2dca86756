import type { ReportKind } from '@dxhub/contracts';
import type { IndicatorLine, Scorecard } from '../scorecard/scorecard.builder';

/** A frozen period report: what the scorecard said when it was generated, never recomputed. */
export interface ReportSnapshot {
  reportId: string;
  kind: ReportKind;
  period: string;
  orgUnit: { code: string; nameVi: string };
  window: { start: string; end: string };
  trigger: 'scheduled' | 'on-demand';
  generatedAt: string;
  scorecard: Scorecard;
}

export const KIND_VI: Record<ReportKind, string> = {
  MONTHLY: 'Báo cáo tháng',
  QUARTERLY: 'Báo cáo quý',
  HALF_YEARLY: 'Báo cáo 6 tháng',
  YEARLY: 'Báo cáo năm',
};

export const KIND_EN: Record<ReportKind, string> = {
  MONTHLY: 'Monthly report',
  QUARTERLY: 'Quarterly report',
  HALF_YEARLY: 'Half-yearly report',
  YEARLY: 'Yearly report',
};

export const STATUS_VI: Record<string, string> = {
  'on-track': 'Đạt',
  'within-tolerance': 'Trong ngưỡng',
  'off-track': 'Chưa đạt',
  'no-target': 'Không có chỉ tiêu',
  'no-data': 'Chưa có số liệu',
  'awaiting-judgement': 'Đang đánh giá',
};

/** Every indicator line of a snapshot with the main index it belongs to (none for the "other" ones). */
export function snapshotLines(snapshot: ReportSnapshot): (IndicatorLine & { index: string | null })[] {
  return [
    ...snapshot.scorecard.indexes.flatMap((i) => i.lines.map((l) => ({ ...l, index: i.code }))),
    ...snapshot.scorecard.other.map((l) => ({ ...l, index: null })),
  ];
}
