// Types of feature-folder-cycles.cjs for its spec.
import type { Rule } from 'eslint';

/** The rule, reading an app's sources (path → text) with `readSources`; by default from disk. */
export function createRule(readSources?: (srcDir: string) => Map<string, string>): Rule.RuleModule;
/** The folder graph of one app's sources: folder → the folders it imports. */
export function folderGraph(srcDir: string, sources: Map<string, string>): Map<string, Set<string>>;
/** The shortest folder path from `start` to `goal`, both included, or undefined. */
export function shortestPath(graph: Map<string, Set<string>>, start: string, goal: string): string[] | undefined;
export const rule: Rule.RuleModule;
