// dxhub/feature-folder-cycles (eslint.config.mjs, issue 18) on virtual apps: a cycle between feature folders fails
// the lint and the message names it; the same app without the edge that closes the cycle passes.
import { join } from 'node:path';

import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

import { createRule, folderGraph, shortestPath } from './feature-folder-cycles.cjs';

const repoRoot = join(__dirname, '..', '..');
const srcDir = join(repoRoot, 'apps/demo/src');
const at = (file: string) => join(srcDir, file);

const CATALOGUE = "import { ApprovalService } from '../approval/approval.service';\nexport class CatalogueService {}\n";
const APPROVAL = "import { ViewsService } from '../views/views.service';\nexport class ApprovalService {}\n";
const VIEWS_BACK =
  "import type { CatalogueService } from '../catalogue/catalogue.service';\nexport class ViewsService {}\n";
const VIEWS_ALONE = 'export class ViewsService {}\n';

/** The virtual app: catalogue → approval → views, plus views → catalogue when `closed`. */
const app = (closed: boolean) =>
  new Map([
    [at('app.module.ts'), "import { CatalogueService } from './catalogue/catalogue.service';\n"],
    [at('catalogue/catalogue.service.ts'), CATALOGUE],
    [at('approval/approval.service.ts'), APPROVAL],
    [at('views/views.service.ts'), closed ? VIEWS_BACK : VIEWS_ALONE],
    // A spec may reach across folders: it makes no edge.
    [at('views/views.service.spec.ts'), "import { CatalogueService } from '../catalogue/catalogue.service';\n"],
  ]);

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

describe('feature folder graph', () => {
  it('has an edge per folder imported, none for src/ root files or specs', () => {
    const graph = folderGraph(srcDir, app(false));
    expect(Object.fromEntries([...graph].map(([k, v]) => [k, [...v]]))).toEqual({
      catalogue: ['approval'],
      approval: ['views'],
      views: [],
    });
    expect(shortestPath(graph, 'views', 'catalogue')).toBeUndefined();
    expect(shortestPath(folderGraph(srcDir, app(true)), 'approval', 'catalogue')).toEqual([
      'approval',
      'views',
      'catalogue',
    ]);
  });
});

describe('dxhub/feature-folder-cycles with a cycle catalogue → approval → views → catalogue', () => {
  tester.run(
    'feature-folder-cycles',
    createRule(() => app(true)),
    {
      valid: [
        { filename: at('app.module.ts'), code: "import { CatalogueService } from './catalogue/catalogue.service';\n" },
        { filename: at('catalogue/catalogue.service.spec.ts'), code: CATALOGUE },
        { filename: at('catalogue/catalogue.repository.ts'), code: "import { x } from './catalogue.service';\n" },
      ],
      invalid: [
        {
          filename: at('catalogue/catalogue.service.ts'),
          code: CATALOGUE,
          errors: [
            {
              message:
                'Import cycle between feature folders of demo: catalogue → approval → views → catalogue. ' +
                'Move what both need into one of them, or into a lib.',
            },
          ],
        },
        {
          filename: at('views/views.service.ts'),
          code: VIEWS_BACK,
          errors: [{ messageId: 'cycle', data: { app: 'demo', cycle: 'views → catalogue → approval → views' } }],
        },
        {
          filename: at('approval/approval.controller.ts'),
          code: "export { ViewsService } from '../views/views.service';\nexport * from '../views';\n",
          errors: [
            { messageId: 'cycle', data: { app: 'demo', cycle: 'approval → views → catalogue → approval' } },
            { messageId: 'cycle', data: { app: 'demo', cycle: 'approval → views → catalogue → approval' } },
          ],
        },
      ],
    },
  );
});

describe('dxhub/feature-folder-cycles without the edge views → catalogue', () => {
  tester.run(
    'feature-folder-cycles',
    createRule(() => app(false)),
    {
      valid: [
        { filename: at('catalogue/catalogue.service.ts'), code: CATALOGUE },
        { filename: at('approval/approval.service.ts'), code: APPROVAL },
        { filename: at('views/views.service.ts'), code: VIEWS_ALONE },
      ],
      invalid: [],
    },
  );
});
