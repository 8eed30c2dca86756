import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The start script is an ES module, which this CommonJS test run cannot require: each case runs it in node.
function readableLine(line: string, options: Record<string, unknown> = {}): string | undefined {
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { readableLine } from ${JSON.stringify(join(__dirname, '../../scripts/lib/readable-log.mjs'))};
       process.stdout.write(JSON.stringify({ out: readableLine(process.argv[1], JSON.parse(process.argv[2])) }));`,
      line,
      JSON.stringify(options),
    ],
    { encoding: 'utf8' },
  );
  return (JSON.parse(run.stdout) as { out?: string }).out;
}

describe('readableLine', () => {
  const line = (entry: Record<string, unknown>) =>
    JSON.stringify({ time: '2026-12-06T22:42:15.999Z', service: 'tasks', ...entry });

  it('shows time, level, service, context, message and the other fields of a JSON log line', () => {
    expect(
      readableLine(line({ level: 'info', context: 'DatabaseModule', msg: 'database ready', schema: 'tasks' })),
    ).toBe('22:42:15 INFO  tasks         [DatabaseModule] database ready  schema=tasks');
  });

  it("skips Nest's start-up chatter at info level but never a warning", () => {
    expect(
      readableLine(line({ level: 'info', context: 'RouterExplorer', msg: 'Mapped {/v1/tasks, GET} route' })),
    ).toBeUndefined();
    expect(readableLine(line({ level: 'warn', context: 'InstanceLoader', msg: 'odd' }))).toContain('WARN  tasks');
  });

  it('prints an error stack indented under its line, and colours errors for a terminal', () => {
    const text = readableLine(line({ level: 'error', msg: 'failed', err: { stack: 'Error: boom\n    at x' } }), {
      colour: true,
    });
    expect(text).toBe('\x1b[31m22:42:15 ERROR tasks         failed\n    Error: boom\n        at x\x1b[0m');
  });

  it('passes a line that is not JSON through, named by its service', () => {
    expect(readableLine('Debugger listening', { fallbackService: 'reporting' })).toBe(
      'reporting     Debugger listening',
    );
  });
});
