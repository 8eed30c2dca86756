/*
 * Kubernetes label selectors, evaluated offline the way the API server and kustomize evaluate them: the text form
 * of a kustomize patch target's `labelSelector` (`a=b,c!=d,e in (f,g),h notin (i),j,!k`) and the object form of a
 * NetworkPolicy's or PodMonitor's selector (`matchLabels` and `matchExpressions`).
 */

export type Labels = Record<string, string | undefined>;

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface SelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The requirements of a text selector; throws on text kustomize would refuse, so a typo fails the test. */
export function parseLabelSelector(text: string): Requirement[] {
  // Split on the commas between requirements, not on those inside a value list `(a,b)`.
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((raw) => {
    const part = raw.trim();
    let m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
    if (m) return { key: m[1], operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]] };
    m = /^([\w./-]+)\s+(in|notin)\s+\(([^()]*)\)$/.exec(part);
    if (m) {
      const values = m[3].split(',').map((v) => v.trim());
      if (values.some((v) => !/^[\w.-]+$/.test(v))) throw new Error(`label selector: bad value list in "${part}"`);
      return { key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values };
    }
    m = /^(!?)([\w./-]+)$/.exec(part);
    if (m) return { key: m[2], operator: m[1] ? 'DoesNotExist' : 'Exists', values: [] };
    throw new Error(`label selector: cannot parse "${part}" in "${text}"`);
  });
}

function satisfies(r: Requirement, labels: Labels): boolean {
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

export function matchesLabelSelector(text: string, labels: Labels): boolean {
  return parseLabelSelector(text).every((r) => satisfies(r, labels));
}

/**
 * Does a selector object select these labels? An empty selector selects everything (as in a NetworkPolicy's
 * podSelector); callers that consider that a mistake check for it themselves.
 */
export function matchesSelectorObject(selector: SelectorObject | undefined, labels: Labels): boolean {
  const requirements: Requirement[] = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({
      key,
      operator: 'In' as const,
      values: [value],
    })),
    ...(selector?.matchExpressions ?? []).map((e) => {
      if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator))
        throw new Error(`label selector: unknown operator ${e.operator}`);
      return { key: e.key, operator: e.operator as Requirement['operator'], values: e.values ?? [] };
    }),
  ];
  return requirements.every((r) => satisfies(r, labels));
}
