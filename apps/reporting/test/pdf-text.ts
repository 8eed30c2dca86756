import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** pdftotext (poppler-utils) is what the issue names; `npm test` installs it (scripts/ensure-system-packages.mjs). */
export function pdfToText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'dxhub-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'pdftotext is not installed: apt-get install poppler-utils (npm test does it: scripts/ensure-system-packages.mjs)',
      );
    }
    throw error;
  }
}
