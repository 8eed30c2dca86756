// bench/RESULTS.md is shared by the benches: each writes only its own section, between its markers, and
// the file is kept in the repository's Prettier style (npm run format:check covers bench/).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** `previous` with the text between `start` and `end` (markers included) replaced, or `section` appended. */
function withSection(previous, start, end, section) {
  if (previous.includes(start) && previous.includes(end)) {
    return previous.slice(0, previous.indexOf(start)) + section + previous.slice(previous.indexOf(end) + end.length);
  }
  return `${previous.trimEnd()}\n\n${section}\n`;
}

/** Markdown in the repository's Prettier style, when Prettier is installed (it is a dev dependency). */
async function formatMarkdown(md, file) {
  try {
    const prettier = await import('prettier');
    return await prettier.format(md, { ...(await prettier.resolveConfig(file)), filepath: file });
  } catch {
    return md;
  }
}

/** Writes `section` into `file` between its markers, formatted. */
export async function writeSection(file, start, end, section) {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  writeFileSync(file, await formatMarkdown(withSection(previous, start, end, section), file));
}
