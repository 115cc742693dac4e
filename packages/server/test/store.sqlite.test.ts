import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/store/migrations.ts';
import { openSqliteDb, openSqliteStore } from '../src/store/sqlite.ts';
import { driverConformance } from './support/driver-conformance.ts';
import { storeConformance } from './support/store-conformance.ts';

driverConformance('node:sqlite', async () => openSqliteDb(':memory:'));

storeConformance('node:sqlite (:memory:)', () => openSqliteStore(':memory:'));

const dir = mkdtempSync(join(tmpdir(), 'device-commands-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
storeConformance('node:sqlite (file)', () => openSqliteStore(join(dir, `db-${++n}.sqlite`)));

describe('a node:sqlite file', () => {
  it('keeps its data and migrations across restarts', async () => {
    const file = join(dir, 'restart.sqlite');
    const first = await openSqliteStore(file);
    await first.seed((await import('../src/store/seed.ts')).seedData());
    await first.close();
    const second = await openSqliteStore(file);
    expect(await second.migrations()).toEqual(migrations.map((m) => m.version));
    expect((await second.android.findOrganization('acme-robotics'))?.name).toBe('Acme Robotics');
    await second.close();
  });
});
