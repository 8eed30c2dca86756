import { bearer, zipBomb } from '@dxhub/testing';
import { type RunningIndicators, startIndicators } from '../indicators-app';

/*
 * The Excel upload against archives built to exhaust the service: a worksheet entry of a few MB that inflates to
 * 4 GiB while declaring 1,000 bytes. It is refused with 400 naming the limit while it is being inflated, and the
 * service's memory does not grow by more than 100 MB; the good upload beside it goes on.
 */
describe('security: the spreadsheet upload cannot exhaust the indicators service', () => {
  let service: RunningIndicators;
  const MiB = 1024 * 1024;

  beforeAll(async () => {
    service = await startIndicators('security-upload', { RATE_LIMIT_WRITES_PER_MINUTE: '0' });
  });

  afterAll(async () => {
    await service?.close();
  });

  const upload = async (file: Buffer) => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([file], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      'bao-cao.xlsx',
    );
    const res = await fetch(`${service.url}/v1/indicator-values/upload`, {
      method: 'POST',
      body: form,
      headers: bearer({ agency: 'STTTT', roles: ['reporter'] }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('refuses a 4 GiB bomb of a few MB with 400 naming the limit, and memory grows by less than 100 MB', async () => {
    const bomb = await zipBomb(4096);
    expect(bomb.length).toBeLessThan(5 * MiB);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const answer = await upload(bomb);
    const grownBy = process.memoryUsage().rss - before;
    const peakGrownBy = process.resourceUsage().maxRSS * 1024 - peakBefore;
    expect(answer).toMatchObject({
      status: 400,
      body: { error: 'WORKBOOK_TOO_LARGE', message: expect.stringContaining('unpacks to more than 32 MB') },
    });
    process.stdout.write(
      `zip bomb (${(bomb.length / MiB).toFixed(1)} MB → 4096 MiB): ${answer.status}; RSS +${(grownBy / MiB).toFixed(1)} MB, peak RSS +${(peakGrownBy / MiB).toFixed(1)} MB\n`,
    );
    expect(grownBy).toBeLessThan(100 * MiB);
    expect(peakGrownBy).toBeLessThan(100 * MiB);
  });

  it('refuses a bomb hidden in any entry, not only a worksheet', async () => {
    const answer = await upload(await zipBomb(2048, 'xl/sharedStrings.xml'));
    expect(answer).toMatchObject({ status: 400, body: { error: 'WORKBOOK_TOO_LARGE' } });
  });

  it('still reads the real template after the attacks', async () => {
    const template = await fetch(`${service.url}/v1/indicator-values/template.xlsx`, {
      headers: bearer({ agency: 'STTTT', roles: ['reporter'] }),
    });
    expect(template.status).toBe(200);
    const answer = await upload(Buffer.from(await template.arrayBuffer()));
    // The empty template parses: no rows to report is the answer, not a refusal of the archive.
    expect(answer.body.error).not.toBe('WORKBOOK_TOO_LARGE');
    expect(answer.body.error).not.toBe('NOT_AN_XLSX_WORKBOOK');
  });
});
