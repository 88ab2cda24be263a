import { Test } from '@nestjs/testing';
import { ClickHouse, ClickHouseModule, readHistory } from '@tagstream/clickhouse';
import { dropTestClickHouse, removeTestDataDir, testDataDir, uniqueTestDatabase } from '@tagstream/testing';

describe('ClickHouseModule', () => {
  it('provides a migrated client, and closes it on shutdown', async () => {
    const database = uniqueTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [ClickHouseModule.forRoot({ database, dataDir: testDataDir() })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();

    const ch = app.get(ClickHouse);
    expect(ch.database).toBe(database);
    expect(await ch.ping()).toEqual({ ok: true });
    expect((await readHistory(ch)).map((m) => m.version)).toContain(1);

    await app.close();
    expect(await ch.ping()).toEqual({ ok: false, error: 'client is closed' });

    const cleanup = await ClickHouse.connect({ database, dataDir: testDataDir() });
    await dropTestClickHouse(cleanup);
  });

  it('skips migrations when asked to', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ClickHouseModule.forRootAsync({
          useFactory: () => ({ database: uniqueTestDatabase(), dataDir: testDataDir(), migrate: false }),
        }),
      ],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    const ch = app.get(ClickHouse);
    expect(await readHistory(ch)).toEqual([]);
    await ch.command(`DROP DATABASE \`${ch.database}\``);
    await app.close();
    removeTestDataDir();
  });
});
