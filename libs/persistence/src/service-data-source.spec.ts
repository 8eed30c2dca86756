import { createServiceDataSource } from './service-data-source';

const base = {
  url: 'postgres://postgres@127.0.0.1:5432/none',
  schema: 'things',
  migrations: [],
  applicationName: 'test',
};

function sessionOptionsOf(dataSource: ReturnType<typeof createServiceDataSource>): string {
  return (dataSource.options as { extra: { options: string } }).extra.options;
}

describe('createServiceDataSource', () => {
  it('starts every session in the service schema', () => {
    expect(sessionOptionsOf(createServiceDataSource(base))).toBe('-c search_path=things');
  });

  it('adds the session settings the service asks for', () => {
    const dataSource = createServiceDataSource({ ...base, sessionSettings: { work_mem: '32MB', jit: 'off' } });
    expect(sessionOptionsOf(dataSource)).toBe('-c search_path=things -c work_mem=32MB -c jit=off');
  });

  it('refuses a setting that would smuggle in another option', () => {
    expect(() => createServiceDataSource({ ...base, sessionSettings: { work_mem: '32MB -c role=admin' } })).toThrow(
      /unsafe session setting/,
    );
  });
});
