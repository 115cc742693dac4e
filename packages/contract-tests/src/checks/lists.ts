/**
 * Lists are arithmetically right: every page of a device's commands agrees on the total, the pages
 * add up to the whole list with no duplicate and no gap, the paging fields are consistent, a page
 * past the end is empty, and each sort order holds.
 */
import type { components } from '@device-commands/client';
import type { Check, T } from '../runner.ts';
import { fillPath, pointer } from './shared.ts';

const LIST = '/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands';
/** One page of a device's commands, as the generated client types it. */
type Page = components['schemas']['EmmCommandPage'];

async function page(t: T, query: string): Promise<Page> {
  const android = t.family('android');
  const res = await t.send('android', { path: `${fillPath(LIST, android)}?${query}`, token: android.token('full') });
  t.expectAnswer(res, 200);
  return (res.body as { data: Page }).data;
}

export function listChecks(): Check[] {
  const needs = ['path:organizationId', 'path:emmDeviceId', 'token:full'];
  return [
    {
      id: 'lists.android.pages',
      group: 'lists',
      name: "the pages of a device's commands add up to the whole list, with consistent paging fields",
      family: 'android',
      operationId: 'listAndroidDeviceCommands',
      kind: 'stateful',
      demands: [pointer('components', 'schemas', 'EmmCommandPage')],
      needs,
      run: async (t) => {
        const all = await page(t, 'limit=100&sort=createdAt:desc');
        t.expect(all.items.length, Math.min(all.totalDocs, 100), 'items on a page of 100 vs totalDocs');
        t.expect(all.totalDocs >= 3, true, `at least 3 commands to page through (found ${all.totalDocs})`);
        const limit = 2;
        const pages = Math.ceil(all.totalDocs / limit);
        const seen: string[] = [];
        for (let n = 1; n <= pages; n++) {
          const p = await page(t, `limit=${limit}&page=${n}&sort=createdAt:desc`);
          t.expect(
            {
              totalDocs: p.totalDocs,
              limit: p.limit,
              page: p.page,
              totalPages: p.totalPages,
              hasPrevPage: p.hasPrevPage,
              hasNextPage: p.hasNextPage,
              prevPage: p.prevPage,
              nextPage: p.nextPage,
            },
            {
              totalDocs: all.totalDocs,
              limit,
              page: n,
              totalPages: pages,
              hasPrevPage: n > 1,
              hasNextPage: n < pages,
              prevPage: n > 1 ? n - 1 : null,
              nextPage: n < pages ? n + 1 : null,
            },
            `paging fields of page ${n} of ${pages}`,
          );
          if (p.pagingCounter !== undefined)
            t.expect(p.pagingCounter, (n - 1) * limit + 1, `pagingCounter of page ${n}`);
          t.expect(p.items.length, n < pages ? limit : all.totalDocs - limit * (pages - 1), `items on page ${n}`);
          seen.push(...p.items.map((i) => i.id));
        }
        t.expect(seen, all.items.map((i) => i.id).slice(0, seen.length), 'the pages, in order, are the whole list');
        t.expect(new Set(seen).size, seen.length, 'no command appears on two pages');
        const past = await page(t, `limit=${limit}&page=${pages + 1}&sort=createdAt:desc`);
        t.expect(
          [past.items.length, past.totalDocs, past.hasNextPage],
          [0, all.totalDocs, false],
          'a page past the end',
        );
      },
    },
    ...(['createdAt', 'updatedAt'] as const).flatMap((field) =>
      (['asc', 'desc'] as const).map(
        (direction): Check => ({
          id: `lists.android.sort.${field}.${direction}`,
          group: 'lists',
          name: `sort=${field}:${direction} orders the commands by ${field}, ${direction === 'asc' ? 'oldest' : 'newest'} first`,
          family: 'android',
          operationId: 'listAndroidDeviceCommands',
          kind: 'stateful',
          demands: [pointer('components', 'parameters', 'sort')],
          needs,
          run: async (t) => {
            const p = await page(t, `limit=100&sort=${field}:${direction}`);
            const values = p.items.map((i) => Date.parse(i[field] ?? ''));
            const sorted = [...values].sort((a, b) => (direction === 'asc' ? a - b : b - a));
            t.expect(values, sorted, `${field} values in ${direction} order`);
          },
        }),
      ),
    ),
  ];
}
