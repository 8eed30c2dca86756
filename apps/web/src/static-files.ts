import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

export interface StaticFile {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
  /** Vite names every file under assets/ by its content's hash: such a file never changes. */
  immutable: boolean;
}

/** The element of index.html that holds the page's settings (client/main.tsx reads it). */
export const PAGE_SETTINGS_ID = 'dxhub-settings';

/**
 * The page with its settings in a JSON data block at the end of its head: the app starts without asking for them,
 * and a data block is no script (nothing for a content security policy to allow). `<` is escaped so no value can
 * close the element.
 */
export function withPageSettings(html: string, settings: unknown): string {
  if (!html.includes('</head>')) throw new Error('index.html has no </head> to put the page settings before');
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return html.replace('</head>', `<script id="${PAGE_SETTINGS_ID}" type="application/json">${json}</script></head>`);
}

/**
 * The built app, read once at start (a few megabytes) and gzipped once, so a page load costs no disk reads
 * and no compression. Every path that is not a file is the app's own route: it gets index.html and the app's
 * router takes it from there (a reload or a shared link on /workspace/approvals works).
 */
export class StaticFiles {
  private constructor(
    private readonly files: Map<string, StaticFile>,
    readonly directory: string,
  ) {}

  /** `pageSettings`: written into index.html for the app to read before anything else (see withPageSettings). */
  static load(directory: string, pageSettings?: unknown): StaticFiles {
    if (!existsSync(join(directory, 'index.html'))) {
      throw new Error(`${directory}/index.html is missing: build the app first (npm run build)`);
    }
    const files = new Map<string, StaticFile>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          walk(path);
          continue;
        }
        const url = '/' + relative(directory, path).split(sep).join('/');
        const extension = extname(name);
        const body =
          url === '/index.html' && pageSettings !== undefined
            ? Buffer.from(withPageSettings(readFileSync(path, 'utf8'), pageSettings))
            : readFileSync(path);
        files.set(url, {
          body,
          gzipped: COMPRESSIBLE.has(extension) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined,
          type: TYPES[extension] ?? 'application/octet-stream',
          immutable: url.startsWith('/assets/'),
        });
      }
    };
    walk(directory);
    return new StaticFiles(files, directory);
  }

  /** The file for a path: itself, the app's page for a route, or undefined for a missing file (a 404). */
  resolve(pathname: string): StaticFile | undefined {
    const file = this.files.get(pathname);
    if (file) return file;
    // A missing file of a kind the build makes is a 404; anything else is a route of the app, dots included
    // (/workspace/tasks/G1.N4.T1 is a task's page, not a file).
    if (extname(pathname) in TYPES || pathname.startsWith('/assets/')) return undefined;
    return this.files.get('/index.html');
  }

  get count(): number {
    return this.files.size;
  }
}
