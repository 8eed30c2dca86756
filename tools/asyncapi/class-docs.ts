import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/* The JSDoc of the contract classes, read from their sources: the descriptions of events and properties. */

export interface ClassDocs {
  description?: string;
  /** Declared properties in source order. */
  order: string[];
  properties: Map<string, string>;
}

/** JSDoc of every class declared under `dir` (spec files excepted), by class name. */
export function readClassDocs(dir: string): Map<string, ClassDocs> {
  const result = new Map<string, ClassDocs>();
  const inherits = new Map<string, string>();
  for (const file of listTypeScriptFiles(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || result.has(statement.name.text)) continue;
      const docs: ClassDocs = { description: jsDocText(statement), order: [], properties: new Map() };
      for (const member of statement.members) {
        if (!ts.isPropertyDeclaration(member) || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)))
          continue;
        docs.order.push(member.name.text);
        const text = jsDocText(member);
        if (text) docs.properties.set(member.name.text, text);
      }
      const parent = statement.heritageClauses
        ?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
        ?.types[0]?.expression.getText(source);
      result.set(statement.name.text, docs);
      if (parent) inherits.set(statement.name.text, parent);
    }
  }
  // A contract class that extends another documents the inherited properties first, as class-validator lists them.
  const merged = new Map<string, ClassDocs>();
  const resolveDocs = (name: string): ClassDocs | undefined => {
    if (merged.has(name)) return merged.get(name);
    const own = result.get(name);
    const parentName = inherits.get(name);
    const parent = parentName ? resolveDocs(parentName) : undefined;
    const docs =
      own && parent
        ? {
            description: own.description,
            order: [...parent.order, ...own.order],
            properties: new Map([...parent.properties, ...own.properties]),
          }
        : own;
    if (docs) merged.set(name, docs);
    return docs;
  };
  for (const name of result.keys()) resolveDocs(name);
  return merged;
}

function listTypeScriptFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listTypeScriptFiles(path);
      return name.endsWith('.ts') && !/\.(spec|integration-spec|e2e-spec|d)\.ts$/.test(name) ? [path] : [];
    });
}

/** The JSDoc closest to a node, as Markdown: lines of a paragraph joined, paragraphs kept. */
function jsDocText(node: ts.Node): string | undefined {
  const jsDocs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = jsDocs[jsDocs.length - 1];
  const text = last ? ts.getTextOfJSDocComment(last.comment) : undefined;
  if (!text) return undefined;
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}
