import { createTestDatabase, type TestDatabase } from '@dxhub/testing';
import { DataSource } from 'typeorm';
import { column, rowShape, UnexpectedRowError } from './row-shape';
import { execute, returningRows, selectFirst, selectOne, selectRows } from './sql-statements';

const unitRow = rowShape({ code: column.text, name_vi: column.text, population: column.text });

describe('SQL statements through the row shapes (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('sql_statements');
    dataSource = new DataSource({ type: 'postgres', url: database.url, extra: { max: 2 } });
    await dataSource.initialize();
    await execute(dataSource, 'CREATE TABLE units (code text PRIMARY KEY, name_vi text NOT NULL, population bigint)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('answers INSERT, UPDATE and DELETE … RETURNING alike with the rows they wrote', async () => {
    const inserted = await returningRows(
      dataSource,
      unitRow,
      `INSERT INTO units VALUES ('82', 'Tỉnh Tiền Giang', 1800000), ('815', 'Thành phố Mỹ Tho', 230000)
       RETURNING code, name_vi, population::text AS population`,
    );
    expect(inserted).toEqual([
      { code: '82', name_vi: 'Tỉnh Tiền Giang', population: '1800000' },
      { code: '815', name_vi: 'Thành phố Mỹ Tho', population: '230000' },
    ]);
    const updated = await returningRows(
      dataSource,
      unitRow,
      `UPDATE units SET population = population + 1 WHERE code = $1 RETURNING code, name_vi, population::text AS population`,
      ['815'],
    );
    expect(updated).toEqual([{ code: '815', name_vi: 'Thành phố Mỹ Tho', population: '230001' }]);
    const deleted = await returningRows(
      dataSource,
      rowShape({ code: column.text }),
      `DELETE FROM units WHERE code = $1 RETURNING code`,
      ['815'],
    );
    expect(deleted).toEqual([{ code: '815' }]);
    expect(await execute(dataSource, `UPDATE units SET name_vi = name_vi WHERE code = 'nowhere'`)).toBe(0);
    expect(await execute(dataSource, `UPDATE units SET name_vi = name_vi`)).toBe(1);
  });

  it('runs on the transaction it is given: a rollback takes its writes back', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await execute(manager, `INSERT INTO units VALUES ('816', 'Thị xã Gò Công', 100000)`);
        const seen = await selectOne(manager, rowShape({ n: column.number }), 'SELECT count(*)::int AS n FROM units');
        expect(seen.n).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await selectRows(dataSource, rowShape({ code: column.text }), 'SELECT code FROM units ORDER BY code');
    expect(after).toEqual([{ code: '82' }]);
  });

  it('fails at the statement when a row is not the shape its code reads', async () => {
    await expect(
      selectRows(dataSource, rowShape({ population: column.number }), 'SELECT population FROM units'),
    ).rejects.toThrow(
      new UnexpectedRowError('SELECT population FROM units: column "population" should be number, got string'),
    );
    await expect(selectOne(dataSource, unitRow, `SELECT * FROM units WHERE code = 'none'`)).rejects.toThrow(
      'returned no row',
    );
    expect(await selectFirst(dataSource, unitRow, `SELECT * FROM units WHERE code = 'none'`)).toBeUndefined();
  });
});
