import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { generatedUserId } from '@tagstream/seed';
import { api, Browser, ensureConsoleBuilt, launchChromium, pollUntil, RunningService, SCREENSHOTS, seed, startService, waitForProjection } from './console-harness';

/**
 * The console in a real browser against `npm start` filled by the seed
 * generator: a marketer builds, saves, redefines and snapshots a segment and
 * downloads its members; an auditor then finds those exposures.
 */
const USERS = 1500;
const DAYS = 30;
const SEED = 1;

interface SizeAnswer {
  size: number | null;
  belowFloor: boolean;
  freshness: { position: string | null; lagEvents: number };
}

const FIRST_EXPRESSION = { and: [{ tag: 'active', within: '30d' }, { not: { tag: 'risk:C1' } }] };
const FIRST_TEXT = 'active[30d] AND NOT risk:C1';
const SECOND_TEXT = 'active[60d] AND NOT risk:C1';

describe('web console in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const made: { segmentName: string; snapshotId?: string; snapshotSize?: number; member?: string } = { segmentName: `Active, not C1 ${Date.now()}` };

  beforeAll(async () => {
    browser = await launchChromium();
    await ensureConsoleBuilt();
    service = await startService();
    await seed(service, USERS, DAYS);
    await waitForProjection(service, 240_000);
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.cleanup();
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  /** Picks a demo token; the console checks it with one read for its role before entering. */
  async function signInAs(testId: string): Promise<void> {
    await page.goto(`${service.url}/console/`);
    const checked = page.waitForResponse((r) => /\/v1\/(segments|compliance\/lineage)$/.test(r.url()));
    await page.getByTestId(testId).click();
    expect((await checked).status()).toBe(200);
    await page.getByTestId('signed-in-as').waitFor();
  }

  async function pickTag(leaf: Locator, tag: string): Promise<void> {
    const input = leaf.getByTestId('tag-input').locator('input');
    await input.click();
    await input.fill(tag);
    await page.locator('.ant-select-item-option:visible').filter({ has: page.getByTestId(`tag-option-${tag}`) }).click();
  }

  const OPTIONS_HIDDEN = "[...document.querySelectorAll('.ant-select-item-option')].every((option) => !option.checkVisibility())";

  /**
   * Opens the antd select whose input has `id` and picks the option titled
   * `title`, until the select shows it: on a loaded machine a click can land
   * while the dropdown is still opening, so a missed pick is tried again.
   */
  async function choose(id: string, title: string): Promise<void> {
    const select = page.locator('.ant-select', { has: page.locator(`input#${id}`) });
    await pollUntil(
      async () => {
        // a dropdown left open by a missed pick closes first
        if (!(await page.evaluate(OPTIONS_HIDDEN))) {
          await page.keyboard.press('Escape');
          await page.waitForFunction(OPTIONS_HIDDEN, undefined, { timeout: 5_000 });
        }
        await select.click();
        await page.locator(`.ant-select-item-option[title="${title}"]:visible`).click({ timeout: 5_000 });
        await page.waitForFunction(OPTIONS_HIDDEN, undefined, { timeout: 5_000 });
        return (await select.innerText()).includes(title) ? true : undefined;
      },
      `"${title}" chosen in #${id}`,
      30_000,
      100,
    );
  }

  /** The size the builder shows once the preview for `expression` has answered. */
  async function shownSizeFor(expression: unknown, act: () => Promise<void>): Promise<number> {
    const previewed = page.waitForResponse(
      (r) => r.url().endsWith('/v1/segments/preview') && JSON.stringify(r.request().postDataJSON()?.expression) === JSON.stringify(expression),
    );
    await act();
    expect((await previewed).status()).toBe(200);
    const text = await pollUntil(
      async () => {
        const value = await page.getByTestId('size-value').innerText();
        return /^[\d,]+$/.test(value.trim()) ? value.trim() : undefined;
      },
      'the builder to show the previewed size',
      10_000,
    );
    return Number(text.replace(/,/g, ''));
  }

  /** Every tag name on the catalogue's page is drawn on one line: a name broken mid-word has more than one box. */
  async function catalogueNamesWhole(): Promise<void> {
    const names = page.getByTestId('catalogue-tag');
    await names.first().waitFor();
    const broken = await names.evaluateAll((elements) =>
      (elements as unknown as { textContent: string; scrollWidth: number; clientWidth: number; getClientRects(): { length: number } }[])
        .filter((e) => e.getClientRects().length > 1 || e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.textContent),
    );
    expect(broken).toEqual([]);
  }

  it('signs a marketer in from the demo tokens and shows the tag catalogue', async () => {
    await page.goto(`${service.url}/console/`);
    await page.getByTestId('demo-marketer-demo_fund').waitFor();
    await shot('00-sign-in');
    await signInAs('demo-marketer-demo_fund');
    await page.getByRole('tab', { name: 'Tag catalogue' }).click();
    await page.getByRole('cell', { name: 'risk:C3' }).waitFor();
    await shot('01-tag-catalogue');
    // the lifecycle macros expressions accept are in the catalogue too, with what each stands for
    await page.getByLabel('Search tags').fill('lifecycle:');
    for (const macro of ['lifecycle:new', 'lifecycle:active', 'lifecycle:dormant', 'lifecycle:churned']) await page.getByRole('cell', { name: macro, exact: true }).waitFor();
    expect(await page.locator('tr[data-row-key="lifecycle:dormant"]').getByTestId('macro-expansion').innerText()).toBe('= active[90d] AND NOT active[30d]');
    await shot('01-tag-catalogue-macros-en');
    // an activity tag's users are counted over the 30 UTC days ending today, and the catalogue says so
    const today = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date());
    await page.getByLabel('Search tags').fill('viewed:');
    expect(await page.getByTestId('activity-window').first().innerText()).toBe(`in the 30 days to ${today} (UTC)`);
    await shot('01-tag-catalogue-activity-window-en');
    await page.getByLabel('Search tags').fill('');
    // page 2 holds tags with long lineage lists: those wrap, tag names stay whole
    await page.getByRole('tabpanel').locator('.ant-pagination-item-2').click();
    await catalogueNamesWhole();
    await shot('01-tag-catalogue-page2-en');
    await page.getByRole('tabpanel').locator('.ant-pagination-item-1').click();
  }, 60_000);

  it('builds a segment by clicking, with the size POST /v1/segments/preview gives for the same expression', async () => {
    await page.getByRole('tab', { name: 'Segment builder' }).click();
    const builder = page.getByRole('tabpanel');
    await builder.getByTestId('add-condition').first().click();
    const first = builder.getByTestId('builder-leaf').nth(0);
    await pickTag(first, 'active');
    await first.getByLabel('Within days').fill('30');
    await first.getByLabel('Within days').press('Tab');

    await builder.getByTestId('add-condition').first().click();
    const second = builder.getByTestId('builder-leaf').nth(1);
    await pickTag(second, 'risk:C1');
    // each condition's buttons are named after its tag
    const shown = await shownSizeFor(FIRST_EXPRESSION, () => second.getByRole('button', { name: 'Exclude risk:C1 (NOT)' }).click());

    expect(await page.getByTestId('expression-text').inputValue()).toBe(FIRST_TEXT);
    const direct = await api<SizeAnswer>(service, service.token('marketer', 'demo_fund'), '/v1/segments/preview', {
      method: 'POST',
      body: { expression: FIRST_EXPRESSION },
    });
    expect(direct.belowFloor).toBe(false);
    expect(shown).toBe(direct.size);
    await page.getByTestId('live-size').getByTestId('freshness').waitFor();
    // every seeded event is projected (the marker was waited for): the answer is up to date, not "as of" the last event
    expect(direct.freshness.lagEvents).toBe(0);
    expect(await page.getByTestId('live-size').getByTestId('freshness').innerText()).toMatch(/^Up to date: every event written is counted/);
    await shot('02-builder');
  }, 90_000);

  it('points at the offset of a text that does not parse, keeping the tree', async () => {
    const text = page.getByTestId('expression-text');
    await text.fill(`${FIRST_TEXT} AND (`);
    await page.getByTestId('text-error').waitFor();
    expect(await page.getByTestId('text-error').innerText()).toContain(`character ${FIRST_TEXT.length + 7}`);
    expect(await page.getByTestId('builder-leaf').count()).toBe(2);
    // the tree still holds the last good expression: saving it is off, and the size says whose it is
    await page.getByLabel('Segment name').fill('not saved while the text is broken');
    expect(await page.getByTestId('save-new').isDisabled()).toBe(true);
    await page.getByTestId('save-blocked').waitFor();
    expect(await page.getByTestId('live-size').getByTestId('size-note').innerText()).toContain('last valid expression');
    await shot('03-builder-text-error');

    // the service's answer about an unknown tag is shown under that condition
    await text.fill(`${FIRST_TEXT} AND nosuch:tag`);
    const problem = page.getByTestId('builder-leaf').nth(2).getByTestId('node-problem');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('does not exist or is not available to you');
    expect(await page.getByTestId('builder-leaf').nth(0).getByTestId('node-problem').count()).toBe(0);
    await shot('03-builder-unknown-tag');

    await text.fill(FIRST_TEXT);
    await page.getByTestId('text-error').waitFor({ state: 'detached' });
    await page.getByTestId('node-problem').waitFor({ state: 'detached' });
    await page.getByTestId('live-size').getByTestId('size-note').waitFor({ state: 'detached' });
    expect(await page.getByTestId('save-new').isEnabled()).toBe(true);
  }, 60_000);

  /** Clicks save-version and returns the PUT the builder sent and the status the service answered. */
  async function redefineFromBuilder(): Promise<{ body: Record<string, unknown>; status: number }> {
    const answered = page.waitForResponse((r) => /\/v1\/segments\/[^/]+$/.test(r.url()) && r.request().method() === 'PUT');
    await page.getByTestId('save-version').click();
    const response = await answered;
    return { body: response.request().postDataJSON() as Record<string, unknown>, status: response.status() };
  }

  it('saves the segment, then redefines it from the version opened, after a newer one was saved elsewhere', async () => {
    await page.getByLabel('Segment name').fill(made.segmentName);
    await page.getByTestId('save-new').click();
    const detail = page.getByTestId('segment-detail');
    await detail.getByText(made.segmentName).waitFor();
    await detail.getByTestId('version-history').getByText('Version 1').waitFor();

    await detail.getByRole('button', { name: 'Redefine' }).click();
    await page.getByText(`Editing ${made.segmentName} (version 1)`).waitFor();
    const within = page.getByTestId('builder-leaf').nth(0).getByLabel('Within days');
    await within.fill('60');
    await within.press('Tab');
    expect(await page.getByTestId('expression-text').inputValue()).toBe(SECOND_TEXT);

    // meanwhile a colleague saves version 2 (same conditions, a description)
    const marketer = service.token('marketer', 'demo_fund');
    const segments = await api<{ segments: { id: string; name: string }[] }>(service, marketer, '/v1/segments');
    const segmentId = segments.segments.find((s) => s.name === made.segmentName)?.id as string;
    await api(service, marketer, `/v1/segments/${segmentId}`, { method: 'PUT', body: { description: 'set by a colleague', expression: FIRST_EXPRESSION } });

    const refused = await redefineFromBuilder();
    expect(refused.body.expectedVersion).toBe(1);
    expect(refused.status).toBe(409);
    const stale = page.getByTestId('stale-version');
    expect(await stale.innerText()).toContain('Someone saved a newer version of this segment (version 2) after you opened version 1');
    expect(await stale.innerText()).toContain(SECOND_TEXT);
    await shot('04-builder-stale-version');

    await stale.getByTestId('reload-newest').click();
    await page.getByText(`Editing ${made.segmentName} (version 2)`).waitFor();
    expect(await page.locator('#segment-description').inputValue()).toBe('set by a colleague');
    const reloadedWithin = page.getByTestId('builder-leaf').nth(0).getByLabel('Within days');
    await reloadedWithin.fill('60');
    await reloadedWithin.press('Tab');
    // emptying the description box clears it
    await page.locator('#segment-description').fill('');
    const saved = await redefineFromBuilder();
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ expectedVersion: 2, description: null });

    await detail.getByTestId('version-history').getByText('Version 3').waitFor();
    const stored = await api<{ version: number; description: string | null }>(service, marketer, `/v1/segments/${segmentId}`);
    expect(stored).toMatchObject({ version: 3, description: null });
    await detail.getByText('added: active[60d]').waitFor();
    await detail.getByText('removed: active[30d]').waitFor();
    await page.getByTestId('insights-chart').waitFor();
    await shot('04-segment-versions-insights');
  }, 90_000);

  it('snapshots it with a product risk level and downloads the members as CSV', async () => {
    const panel = page.getByTestId('snapshot-panel');
    await choose('snapshot-risk', 'R3');
    const created = page.waitForResponse((r) => /\/v1\/segments\/[^/]+\/snapshots$/.test(r.url()) && r.request().method() === 'POST');
    await panel.getByTestId('take-snapshot').click();
    const snapshot = (await (await created).json()) as { snapshotId: string; size: number; leftOut: number; definitionVersion: number; productRiskLevel: string };
    expect(snapshot.productRiskLevel).toBe('R3');
    expect(snapshot.definitionVersion).toBe(3);
    made.snapshotId = snapshot.snapshotId;
    made.snapshotSize = snapshot.size;

    const result = panel.getByTestId('snapshot-result');
    await result.waitFor();
    expect(await result.innerText()).toContain(`${snapshot.size.toLocaleString('en-US')} people from version 3`);
    // what suitability left out plus what was frozen is the segment's current size, as the page shows it
    const sizeShown = page.getByTestId('segment-size');
    const shownSize = await pollUntil(
      async () => {
        const text = await sizeShown.innerText();
        const value = (await sizeShown.getByTestId('size-value').innerText()).trim();
        return text.includes('Version 3') && /^[\d,]+$/.test(value) ? Number(value.replace(/,/g, '')) : undefined;
      },
      'the size of version 3 on the segment page',
      10_000,
    );
    expect(shownSize).toBe(snapshot.size + snapshot.leftOut);
    expect(await panel.getByTestId('snapshot-excluded').innerText()).toContain(`${snapshot.leftOut.toLocaleString('en-US')} left out by suitability`);

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('download-csv').click()]);
    const lines = readFileSync((await download.path()) as string, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id');
    expect(lines.length - 1).toBe(snapshot.size);
    expect(new Set(lines.slice(1)).size).toBe(snapshot.size);
    await panel.getByTestId('download-done').waitFor();

    // the segment's snapshots, read again once this one was taken, each with its own download
    const history = page.getByTestId('snapshot-history');
    const row = history.locator(`tr[data-row-key="${snapshot.snapshotId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(new RegExp(`${snapshot.snapshotId.slice(0, 8)}[\\s\\S]*3[\\s\\S]*${snapshot.size.toLocaleString('en-US')}[\\s\\S]*${snapshot.leftOut.toLocaleString('en-US')}[\\s\\S]*R3`));
    const [again] = await Promise.all([page.waitForEvent('download'), row.getByTestId('snapshot-row-download').click()]);
    expect(readFileSync((await again.path()) as string, 'utf8').trim().split('\n').length - 1).toBe(snapshot.size);
    await shot('05-snapshot-download');
  }, 90_000);

  it('shows the overlap of two segments and archives one', async () => {
    const marketer = service.token('marketer', 'demo_fund');
    const other = await api<{ id: string; name: string }>(service, marketer, '/v1/segments', {
      method: 'POST',
      body: { name: `Assessed C3 or above ${Date.now()}`, expression: { or: [{ tag: 'risk:C3' }, { tag: 'risk:C4' }, { tag: 'risk:C5' }] } },
    });
    await page.getByRole('tab', { name: 'Overlap' }).click();
    const overlapPanel = page.getByRole('tabpanel');
    await choose('overlap-a', made.segmentName);
    await choose('overlap-b', other.name);
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/segments/overlap'));
    await overlapPanel.getByRole('button', { name: 'Compare' }).click();
    const overlap = (await (await answered).json()) as Record<'a' | 'b' | 'both', { size: number | null }>;
    const numbers = await page.getByTestId('overlap-numbers').innerText();
    for (const side of ['a', 'b', 'both'] as const) {
      const size = overlap[side].size;
      expect(numbers).toContain(size === null ? 'below floor' : size.toLocaleString('en-US'));
    }
    await page.getByTestId('venn').waitFor();
    await shot('06-overlap');

    await page.getByRole('tab', { name: 'Segments' }).click();
    await page.getByRole('button', { name: `Archive ${other.name}` }).click();
    const archivedAnswer = page.waitForResponse((r) => r.url().endsWith(`/v1/segments/${other.id}`) && r.request().method() === 'DELETE');
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Archive' }).click();
    expect((await archivedAnswer).ok()).toBe(true);
    // The toast is transient, so the lasting sign is the row's status after the list reloads.
    await page.getByRole('row').filter({ hasText: other.name }).getByText('archived', { exact: true }).waitFor();
    const archived = await api<{ archived: boolean }>(service, marketer, `/v1/segments/${other.id}`);
    expect(archived.archived).toBe(true);
  }, 90_000);

  it('builds from the keyboard alone and switches to Chinese with locale-formatted dates', async () => {
    await page.getByRole('tab', { name: 'Segment builder' }).click();
    const builder = page.getByRole('tabpanel');
    await builder.getByTestId('add-condition').first().focus();
    await page.keyboard.press('Enter');
    const leaf = builder.getByTestId('builder-leaf').first();
    await leaf.getByTestId('tag-input').locator('input').focus();
    await page.keyboard.type('holder:gol');
    await page.getByTestId('tag-option-holder:gold').first().waitFor();
    await page.keyboard.press('Enter');
    await pollUntil(async () => ((await page.getByTestId('expression-text').inputValue()) === 'holder:gold' ? true : undefined), 'the picked tag in the text', 5_000);
    await leaf.getByRole('button', { name: 'Remove condition holder:gold' }).focus();
    await page.keyboard.press('Enter');
    await pollUntil(async () => ((await page.getByTestId('expression-text').inputValue()) === '' ? true : undefined), 'the removed condition gone from the text', 5_000);

    // the tag picker offers the lifecycle macros, and the service sizes them
    await builder.getByTestId('add-condition').first().click();
    const macroLeaf = builder.getByTestId('builder-leaf').first();
    await macroLeaf.getByTestId('tag-input').locator('input').focus();
    await page.keyboard.type('lifecycle:dor');
    await page.getByTestId('tag-option-lifecycle:dormant').first().waitFor();
    const sized = page.waitForResponse((r) => r.url().endsWith('/v1/segments/preview') && JSON.stringify(r.request().postDataJSON()?.expression) === '{"tag":"lifecycle:dormant"}');
    await page.keyboard.press('Enter');
    expect((await sized).status()).toBe(200);
    expect(await page.getByTestId('expression-text').inputValue()).toBe('lifecycle:dormant');
    expect(await macroLeaf.getByLabel('Within days').count()).toBe(0);
    await page.getByTestId('expression-text').fill('');
    await pollUntil(async () => ((await builder.getByTestId('builder-leaf').count()) === 0 ? true : undefined), 'the macro condition removed', 5_000);

    await choose('locale-select', '简体中文');
    await page.getByRole('tab', { name: '人群列表' }).click();
    const history = page.getByTestId('version-history');
    await history.getByText('版本 3').waitFor();
    expect(await history.innerText()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await page.getByTestId('segment-size').getByTestId('freshness').innerText()).toContain('数据已是最新');
    // two-character labels are not spaced out ("刷 新")
    expect(await page.locator('.ant-btn', { hasText: /^刷\s?新$/ }).first().innerText()).toBe('刷新');
    expect(await page.locator('.ant-btn', { hasText: /^查\s?看$/ }).first().innerText()).toBe('查看');
    // every label of the insights chart is drawn inside it, the longest tag included
    const drawing = page.getByTestId('insights-chart-drawing');
    await drawing.locator('svg text', { hasText: 'inst:demo_fund:follower' }).waitFor();
    const clipped = await drawing.evaluate((element) => {
      const box = (element as unknown as { getBoundingClientRect(): { left: number; right: number } }).getBoundingClientRect();
      const texts = [...(element as unknown as { querySelectorAll(s: string): Iterable<{ textContent: string; getBoundingClientRect(): { left: number; right: number } }> }).querySelectorAll('svg text')];
      return texts.filter((text) => text.getBoundingClientRect().left < box.left - 0.5 || text.getBoundingClientRect().right > box.right + 0.5).map((text) => text.textContent);
    });
    expect(clipped).toEqual([]);
    await shot('07-segments-zh-CN');
    await page.getByRole('tab', { name: '标签目录' }).click();
    await page.getByLabel('搜索标签').fill('lifecycle:');
    await page.locator('tr[data-row-key="lifecycle:dormant"]').getByText('宏').waitFor();
    await shot('01-tag-catalogue-macros-zh-CN');
    await page.getByLabel('搜索标签').fill('viewed:');
    expect(await page.getByTestId('activity-window').first().innerText()).toMatch(/^截至 \d{4}年\d{1,2}月\d{1,2}日（UTC）的 30 天内$/);
    // descriptions and kinds in Chinese too
    await page.getByTestId('activity-window').first().locator('xpath=ancestor::tr').getByText('浏览过该类别的基金，停留至少 5 秒。').waitFor();
    expect(await page.getByText('Viewed a fund of this category').count()).toBe(0);
    await shot('01-tag-catalogue-activity-window-zh-CN');
    await page.getByLabel('搜索标签').fill('');
    await page.getByRole('tabpanel').locator('.ant-pagination-item-2').click();
    await catalogueNamesWhole();
    await shot('01-tag-catalogue-page2-zh-CN');
    await page.getByRole('tabpanel').locator('.ant-pagination-item-1').click();
    await page.getByLabel('搜索标签').fill('');

    // the parser's words and the condition buttons are Chinese too
    await page.getByRole('tab', { name: '人群圈选' }).click();
    await page.getByTestId('expression-text').fill('risk:C3');
    await page.getByRole('button', { name: '删除条件 risk:C3' }).waitFor();
    await page.getByTestId('expression-text').fill('risk:C3 AND');
    const zhError = await page.getByTestId('text-error').innerText();
    expect(zhError).toContain('标签名');
    expect(zhError).not.toMatch(/a tag name|end of input/);
    await page.getByTestId('expression-text').fill('');
    await page.getByTestId('text-error').waitFor({ state: 'detached' });
    await choose('locale-select', 'English');
    await page.getByRole('tab', { name: 'Segments' }).waitFor();
  }, 60_000);

  it('lists a segment’s snapshots and says why one is refused, apart from the earlier one, in both languages', async () => {
    // another tenant, so none of demo_fund's earlier answers meet the difference check here
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs('demo-marketer-other_fund');
    const marketer = service.token('marketer', 'other_fund');
    const segment = await api<{ id: string; name: string }>(service, marketer, '/v1/segments', {
      method: 'POST',
      body: { name: `Snapshot refusals ${Date.now()}`, expression: { tag: 'active', within: '60d' } },
    });
    await page.getByRole('tab', { name: 'Segments' }).click();
    await page.getByRole('button', { name: `Open ${segment.name}` }).click();
    // the opened segment has its own URL: reloading it (or opening it from a bookmark) shows the same segment
    expect(new URL(page.url()).hash).toBe(`#/segments/${segment.id}`);
    await page.reload();
    await page.getByTestId('segment-detail').getByText(segment.name).waitFor();
    await shot('05-segment-url-en');
    const panel = page.getByTestId('snapshot-panel');
    await page.getByTestId('snapshot-history').getByText('No snapshots yet.').waitFor();

    const created = page.waitForResponse((r) => r.url().endsWith(`/v1/segments/${segment.id}/snapshots`) && r.request().method() === 'POST');
    await panel.getByTestId('take-snapshot').click();
    const first = (await (await created).json()) as { snapshotId: string };
    await panel.getByTestId('snapshot-result').waitFor();
    const history = page.getByTestId('snapshot-history');
    await history.locator(`tr[data-row-key="${first.snapshotId}"]`).waitFor();

    // the segment is narrowed elsewhere to nobody: the next snapshot is refused under the floor
    await api(service, marketer, `/v1/segments/${segment.id}`, { method: 'PUT', body: { expression: { and: [{ tag: 'risk:C1' }, { tag: 'risk:C5' }] } } });
    const refusedAnswer = page.waitForResponse((r) => r.url().endsWith(`/v1/segments/${segment.id}/snapshots`) && r.request().method() === 'POST');
    await panel.getByTestId('take-snapshot').click();
    const answer = await refusedAnswer;
    expect(answer.status()).toBe(422);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('below_floor');
    const refused = panel.getByTestId('snapshot-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('No snapshot was taken');
    expect(await refused.innerText()).toContain('fewer people than the privacy floor');
    // the earlier snapshot is no longer shown as the outcome, only in the list, which still has it alone
    expect(await panel.getByTestId('snapshot-result').count()).toBe(0);
    expect(await history.locator('tr[data-row-key]').count()).toBe(1);
    await shot('05-snapshot-refused-en');

    await choose('locale-select', '简体中文');
    await history.getByText('该人群的快照').waitFor();
    expect(await refused.innerText()).toContain('未生成快照');
    expect(await refused.innerText()).toContain('低于隐私下限');
    expect(new URL(page.url()).hash).toBe(`#/segments/${segment.id}`);
    await shot('05-snapshot-refused-zh-CN');
    await choose('locale-select', 'English');
    await history.getByText('Snapshots of this segment').waitFor();
  }, 90_000);

  it('lets an auditor find those exposures: chart, audit log and one member’s history', async () => {
    const auditor = service.token('auditor');
    const recommender = service.token('recommender');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs('demo-auditor');

    const chart = page.getByTestId('exposure-chart');
    await chart.waitFor();
    await pollUntil(async () => ((await chart.getAttribute('aria-label'))?.includes('demo_fund') ? true : undefined), 'demo_fund in the exposure chart', 30_000);
    // once drawn, the chart keeps the console's description (ECharts' own would say NaN)
    await chart.getByTestId('exposure-chart-drawing').locator('svg').first().waitFor();
    const described = (await chart.getAttribute('aria-label')) as string;
    expect(described).toMatch(/^Answers per UTC day from /);
    expect(described).not.toContain('NaN');
    expect(await page.getByTestId('exposure-utc-note').innerText()).toContain('UTC');
    await page.getByTestId('exposure-metric').getByText('Ids exposed').click();
    await pollUntil(async () => ((await chart.getAttribute('aria-label'))?.startsWith('Ids exposed per UTC day') ? true : undefined), 'the chart counting ids', 10_000);
    // the newest day, today, is labelled under its bar, and the exact numbers are in a table, newest first
    const now = new Date();
    const todayShort = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(now);
    await chart.getByTestId('exposure-chart-drawing').locator('svg text', { hasText: new RegExp(`^${todayShort}$`) }).waitFor();
    const firstRow = page.getByTestId('exposure-table').locator('tbody tr.ant-table-row').first();
    expect(await firstRow.locator('td').first().innerText()).toBe(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(now));
    const cells = (await firstRow.locator('td').allInnerTexts()).slice(1).map((text) => Number(text.replace(/,/g, '')));
    const headers = await page.getByTestId('exposure-table').locator('thead th').allInnerTexts();
    const demoFund = cells[headers.indexOf('demo_fund') - 1];
    expect(demoFund).toBeGreaterThan(0);
    // the total counts tenants, not the auditors' own look-ups
    const lookups = headers.indexOf('Auditor look-ups (compliance.subjects)') - 1;
    expect(cells[cells.length - 1]).toBe(cells.slice(0, -1).reduce((sum, n, i) => (i === lookups ? sum : sum + n), 0));
    // the From/To days read YYYY-MM-DD, whatever the browser's own date format
    expect(await page.locator('#exposure-to').inputValue()).toBe(now.toISOString().slice(0, 10));
    expect(await page.locator('#exposure-to').getAttribute('type')).toBe('text');
    await shot('08-auditor-exposure');

    await page.getByRole('tab', { name: 'Audit log' }).click();
    expect(new URL(page.url()).hash).toBe('#/audit');
    await page.getByLabel('Who').fill('demo-marketer');
    await choose('audit-action', 'Snapshot taken (segment.snapshot)');
    const table = page.getByTestId('audit-table');
    await pollUntil(
      async () => {
        await page.getByTestId('audit-filter').click();
        return (await table.getByText(made.snapshotId as string).count()) > 0 ? true : undefined;
      },
      'the snapshot in the audit log',
      30_000,
      1000,
    );
    await shot('09-auditor-audit-log');

    // a person the snapshot froze: assessed C3 or above, active in the window, consenting
    const member = await pollUntil(
      async () => {
        for (let index = 0; index < USERS; index += 1) {
          const userId = generatedUserId(SEED, index);
          const tags = await api<{ personalized: boolean; state: string[]; activity: { tag: string; last30d: number }[] }>(service, recommender, `/v1/users/${userId}/tags`);
          const assessed = tags.state.some((tag) => ['risk:C3', 'risk:C4', 'risk:C5'].includes(tag));
          const active = tags.activity.some((a) => a.tag === 'active' && a.last30d > 0);
          if (tags.personalized && assessed && active) return userId;
        }
        return undefined;
      },
      'a seeded user inside the snapshot',
      60_000,
    );
    await page.getByRole('tab', { name: 'Person lookup' }).click();
    await page.getByLabel('Platform user id').fill(member);
    await pollUntil(
      async () => {
        await page.getByRole('button', { name: 'Look up' }).click();
        const rows = page.getByTestId('subject-table').getByText(made.snapshotId as string);
        return (await rows.count()) > 0 ? true : undefined;
      },
      'the member’s exposure through the snapshot',
      30_000,
      1000,
    );
    expect(await page.getByTestId('subject-summary').innerText()).toContain('demo_fund');
    made.member = member;
    const subject = await api<{ exposures: { snapshotId: string | null; tenant: string | null }[] }>(service, auditor, `/v1/compliance/subjects/${member}`);
    expect(subject.exposures.some((e) => e.snapshotId === made.snapshotId && e.tenant === 'demo_fund')).toBe(true);
    await shot('10-auditor-person');

    // an unknown id: the previous person's answer goes, and the words fit this screen
    const unknown = page.waitForResponse((r) => r.url().endsWith('/v1/compliance/subjects/nobody-known-e2e'));
    await page.getByLabel('Platform user id').fill('nobody-known-e2e');
    await page.getByRole('button', { name: 'Look up' }).click();
    expect((await unknown).status()).toBe(404);
    await page.getByText('There is no record of this person').waitFor();
    expect(await page.getByTestId('subject-summary').count()).toBe(0);
    expect(await page.getByTestId('subject-table').count()).toBe(0);

    await page.getByRole('tab', { name: 'Lineage' }).click();
    await page.getByTestId('lineage-table').getByText('RiskAssessed').first().waitFor();
    const tagCell = page.getByTestId('lineage-tag').first();
    expect(await tagCell.evaluate((element) => (element.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { whiteSpace: string } }).getComputedStyle(element).whiteSpace)).toBe('nowrap');
    await shot('11-auditor-lineage');
  }, 180_000);

  it('says what the record can show of an erased person, and filters the audit log on erasures', async () => {
    const member = made.member as string;
    const erased = await api<{ alreadyErased?: boolean }>(service, service.token('admin'), `/v1/users/${member}`, { method: 'DELETE' });
    expect(erased.alreadyErased ?? false).toBe(false);

    await page.getByRole('tab', { name: 'Person lookup' }).click();
    await page.getByLabel('Platform user id').fill(member);
    const answered = page.waitForResponse((r) => r.url().endsWith(`/v1/compliance/subjects/${member}`));
    await page.getByRole('button', { name: 'Look up' }).click();
    expect(((await (await answered).json()) as { erased: boolean }).erased).toBe(true);
    const summary = page.getByTestId('subject-summary');
    await summary.getByText('This person is erased.').waitFor();
    // the person was exported before: the screen must not say no tenant received them
    expect(await summary.innerText()).toContain('cannot show whether any tenant received them before the erasure');
    expect(await page.getByText('No tenant has received this person').count()).toBe(0);
    expect(await page.getByTestId('subject-table').count()).toBe(0);
    await shot('10-auditor-person-erased-en');
    await choose('locale-select', '简体中文');
    await summary.getByText('此人已被删除。').waitFor();
    expect(await summary.innerText()).toContain('并不表示没有租户收到过此人');
    await shot('10-auditor-person-erased-zh-CN');
    await choose('locale-select', 'English');

    // every action the service knows is offered, erasures included
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByLabel('Who').fill('');
    await choose('audit-action', 'Erasure recorded (user.erasure)');
    const table = page.getByTestId('audit-table');
    await pollUntil(
      async () => {
        await page.getByTestId('audit-filter').click();
        return (await table.getByText('user.erasure').count()) > 0 ? true : undefined;
      },
      'the erasure in the audit log',
      30_000,
      1000,
    );
    await shot('09-auditor-audit-log-erasure-en');
    await choose('locale-select', '简体中文');
    await table.getByText('已登记删除').first().waitFor();
    await shot('09-auditor-audit-log-erasure-zh-CN');
    await page.getByRole('tab', { name: '数据流出' }).click();
    await page.getByTestId('exposure-table').getByRole('columnheader', { name: '全部租户' }).waitFor();
    expect(await page.locator('#exposure-from').getAttribute('placeholder')).toBe('年-月-日');
    expect(await page.locator('#exposure-to').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await shot('08-auditor-exposure-zh-CN');

    await page.getByRole('tab', { name: '标签血缘' }).click();
    const lineageTable = page.getByTestId('lineage-table');
    await lineageTable.getByText('最近一次风险测评得出的风险承受等级（C1 最低 … C5 最高）。').waitFor();
    await lineageTable.locator('tr', { has: page.getByText('consent', { exact: true }) }).getByText('同意', { exact: true }).waitFor();
    expect(await lineageTable.getByText('Risk tolerance level').count()).toBe(0);
    await shot('11-auditor-lineage-zh-CN');
    await choose('locale-select', 'English');
  }, 90_000);

  /** The same token with its signature changed: it reads the same, and the service refuses it. */
  function forged(token: string): string {
    const [header, payload, signature] = token.split('.');
    const tail = signature.slice(-6);
    return `${header}.${payload}.${signature.slice(0, -6)}${tail === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
  }

  it('ends a session the service no longer accepts, keeping the expression being built', async () => {
    const marketer = service.token('marketer', 'demo_fund');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // a token whose signature the service refuses is refused at sign-in
    await page.locator('#token-input').fill(forged(marketer));
    const checked = page.waitForResponse((r) => r.url().endsWith('/v1/segments'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await checked).status()).toBe(401);
    await page.getByText('The service does not accept this token').waitFor();
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);

    await signInAs('demo-marketer-demo_fund');
    await page.getByRole('tab', { name: 'Segment builder' }).click();
    const draft = 'holder:gold AND NOT dca:active';
    const previewed = page.waitForResponse((r) => r.url().endsWith('/v1/segments/preview'));
    await page.getByTestId('expression-text').fill(draft);
    expect((await previewed).status()).toBe(200);

    // from now on the service sees a token it refuses, as when a token is revoked or expires mid-session
    await page.route('**/v1/**', (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${forged(marketer)}` } }));
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/segments/preview'));
    await page.getByTestId('expression-text').fill(`${draft} AND risk:C3`);
    expect((await refused).status()).toBe(401);
    await page.getByTestId('sign-in-notice').waitFor();
    const notice = await page.getByTestId('sign-in-notice').innerText();
    expect(notice).toContain('no longer accepts your sign-in');
    expect(notice).toContain('The expression you were building is kept');
    await shot('12-signed-out-401');
    await page.unroute('**/v1/**');

    await signInAs('demo-marketer-demo_fund');
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.getByTestId('expression-text').inputValue()).toBe(`${draft} AND risk:C3`);

    // a reloaded tab whose stored token has expired opens on the sign-in page and says why
    const [header, , signature] = marketer.split('.');
    const claims = JSON.parse(Buffer.from(marketer.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const expired = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url')}.${signature}`;
    await page.evaluate((token) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('tagstream.token', token), expired);
    await page.reload();
    await page.getByTestId('sign-in-notice').waitFor();
    expect(await page.getByTestId('sign-in-notice').innerText()).toContain('Your session expired');
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
  }, 90_000);
});
