import { parseArgs } from './redrive';

describe('npm run dlq:redrive', () => {
  it('needs --topic and refuses unknown arguments', () => {
    expect(parseArgs(['--topic=dx.tasks.events', '--dry-run', '--reason=x'])).toEqual({
      topic: 'dx.tasks.events',
      dryRun: true,
      reason: 'x',
    });
    expect(() => parseArgs(['--dry-run'])).toThrow(/--topic is required/);
    expect(() => parseArgs(['--topic=a', '--force'])).toThrow(/unknown argument '--force'/);
  });
});
