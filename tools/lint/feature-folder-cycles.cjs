// ESLint rule dxhub/feature-folder-cycles: no import cycle between the feature folders of an app (STYLE.md rule 2,
// issue 18). A feature folder is apps/<app>/src/<folder>/; folder A depends on folder B when a file of A imports a
// file of B. An import of B from A is refused when B leads back to A, and the message names the cycle.
//
// import/no-cycle sees files only: catalogue/a.ts → approval/b.ts → catalogue/c.ts is no file cycle, but it is a
// folder cycle. So this rule builds the folder graph of the whole app from the app's .ts sources on disk (once per
// app per process: an ESLint run lints a tree that does not change under it), reading import specifiers with
// TypeScript's pre-processor, which sees static, type-only, dynamic and require imports and skips comments.
// Tests (*.spec.ts, *.integration-spec.ts) are left out of the graph and not checked: a spec may reach across folders.
// Files directly in src/ (main.ts, app.module.ts) belong to no feature folder; imports of them are not edges.
const { readdirSync, readFileSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

const ts = require('typescript');

const TEST_FILE = /\.(spec|integration-spec|e2e-spec)\.ts$/;
const SOURCE = /^(.*[\\/]apps[\\/][^\\/]+[\\/]src)[\\/]([^\\/]+)[\\/]/;

/** The app's src/ directory and the feature folder of a file, or undefined outside a feature folder. */
function locate(file) {
  const match = SOURCE.exec(file);
  return match ? { srcDir: match[1], folder: match[2] } : undefined;
}

/**
 * The feature folder (inside `srcDir`) that a relative specifier written in `file` points at, if any. `folders` are
 * the app's feature folders: `'../views'` is the folder views (its index.ts) when views is one, else a file in src/.
 */
function targetFolder(srcDir, file, specifier, folders) {
  if (!specifier.startsWith('.')) return undefined;
  const path = relative(srcDir, resolve(dirname(file), specifier));
  const [first, ...rest] = path.split(sep);
  if (first === '..' || first === '') return undefined;
  return rest.length > 0 || folders.has(first) ? first : undefined;
}

/** The relative import specifiers of a TypeScript source, in order. */
function importSpecifiers(text) {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * The folder graph of one app: folder → Set of folders it imports. `sources` maps each file path under `srcDir`
 * (absolute) to its text; test files in it are ignored.
 */
function folderGraph(srcDir, sources) {
  const graph = new Map();
  const inApp = [...sources].filter(([file]) => !TEST_FILE.test(file) && locate(file)?.srcDir === srcDir);
  for (const [file] of inApp) graph.set(locate(file).folder, new Set());
  const folders = new Set(graph.keys());
  for (const [file, text] of inApp) {
    const from = locate(file);
    for (const specifier of importSpecifiers(text)) {
      const to = targetFolder(srcDir, file, specifier, folders);
      if (to && to !== from.folder) graph.get(from.folder).add(to);
    }
  }
  return graph;
}

/** The shortest folder path from `start` to `goal` in `graph` (both ends included), or undefined. */
function shortestPath(graph, start, goal) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const folder = queue.shift();
    if (folder === goal) {
      const path = [];
      for (let at = goal; at !== undefined; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const next of [...(graph.get(folder) ?? [])].sort()) {
      if (!previous.has(next)) {
        previous.set(next, folder);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** Every .ts file under `dir`, with its text. */
function readSourcesFromDisk(dir) {
  const sources = new Map();
  const walk = (at) => {
    let entries;
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return; // a virtual file's app (the rule's spec) has no folder on disk
    }
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) sources.set(path, readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return sources;
}

/**
 * The rule, reading an app's sources with `readSources(srcDir)` → Map(path → text). The workspace's rule reads the
 * disk; the spec hands it virtual files.
 */
function createRule(readSources = readSourcesFromDisk) {
  const graphs = new Map();
  const graphOf = (srcDir) => {
    if (!graphs.has(srcDir)) graphs.set(srcDir, folderGraph(srcDir, readSources(srcDir)));
    return graphs.get(srcDir);
  };
  return {
    meta: {
      type: 'problem',
      docs: { description: 'Forbid import cycles between the feature folders (apps/<app>/src/<folder>/) of an app' },
      schema: [],
      messages: {
        cycle:
          'Import cycle between feature folders of {{app}}: {{cycle}}. Move what both need into one of them, or into a lib.',
      },
    },
    create(context) {
      const file = context.physicalFilename ?? context.filename;
      const here = locate(file);
      if (!here || TEST_FILE.test(file)) return {};
      const check = (node, specifier) => {
        if (typeof specifier !== 'string') return;
        const graph = graphOf(here.srcDir);
        const to = targetFolder(here.srcDir, file, specifier, new Set(graph.keys()));
        if (!to || to === here.folder) return;
        const back = shortestPath(graph, to, here.folder);
        if (!back) return;
        const app = relative(join(here.srcDir, '..', '..'), join(here.srcDir, '..'));
        context.report({ node, messageId: 'cycle', data: { app, cycle: [here.folder, ...back].join(' → ') } });
      };
      return {
        ImportDeclaration: (node) => check(node, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
        ExportAllDeclaration: (node) => check(node, node.source.value),
        ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      };
    },
  };
}

module.exports = { createRule, folderGraph, shortestPath, rule: createRule() };
