/** Where a current value stands in data approval. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'returned'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
