// Effects, funder statistics and report documents as the steering group sees them: the demo
// programme "Sociala företag i Västervik" has every effect panel, no personal data, axe-clean
// pages at 1280 and 320 px that a keyboard can reach; the funder statistics offer CSV and XLSX;
// the final report is asked for, built in the background and downloaded as a PDF.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import {
  DESKTOP,
  NARROW,
  assertNoAxeViolations,
  assertNoHorizontalScroll,
  focusInfo,
  launchChromium,
  logIn,
  newContext,
} from '../lib/browser.js';

const PROGRAMME = 'Sociala företag i Västervik';
const EFFECTS = '/program/2/effekter';

// Demo participants' names: none may appear on an aggregate page.
const PARTICIPANTS = ['Linnea Berg', 'Mats Holmgren', 'Fatima Al-Sayed', 'Johan Ekdahl', 'Jenny Axelsson'];

/** axe and, at 320 px, no sideways scrolling. */
async function checkBothWidths(page, label) {
  for (const viewport of [DESKTOP, NARROW]) {
    await page.setViewportSize(viewport);
    if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, label);
    await assertNoAxeViolations(page, `${label} at ${viewport.width} px`);
  }
  await page.setViewportSize(DESKTOP);
}

/** Presses Tab until the link or button named `name` has focus; fails after `limit` presses. */
async function tabTo(page, name, limit = 200) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (text === name) {
      const focus = await focusInfo(page);
      assert.ok(focus.visible, `the focus on "${name}" is visible`);
      return;
    }
  }
  assert.fail(`"${name}" was not reached by keyboard within ${limit} presses`);
}

/** No names or personal identity numbers of participants in the page's text. */
async function assertNoPersonalData(page, label) {
  const text = await page.locator('main').innerText();
  for (const name of PARTICIPANTS) assert.ok(!text.includes(name), `${label} shows ${name}`);
  assert.doesNotMatch(text, /\b(19|20)\d{6}[-+]?\d{4}\b/, `${label} shows a personnummer`);
}

describe('Effects and reports: the steering group', () => {
  let server;
  let browser;

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the steering group sees every effect panel of the demo programme and no personal data', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'styrgrupp');
    await page.goto(`${server.baseURL}${EFFECTS}`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Effekter: ${PROGRAMME}`);
    for (const id of ['effekt-1', 'effekt-2', 'effekt-3', 'effekt-4', 'effekt-5', 'mal']) {
      const panel = page.locator(`section#${id}`);
      assert.equal(await panel.count(), 1, `panel ${id}`);
      assert.ok((await panel.locator('h2').innerText()).length > 0, `panel ${id} has a heading`);
    }
    // The charts are images named by their titles, each with its data table.
    const charts = page.locator('svg[role="img"]');
    assert.ok((await charts.count()) >= 1, 'at least one chart');
    assert.ok((await page.locator('table caption').count()) >= (await charts.count()));
    await assertNoPersonalData(page, EFFECTS);
    await checkBothWidths(page, EFFECTS);

    // Keyboard: the links to the funder statistics and the reports are reachable.
    await page.reload();
    await tabTo(page, 'Statistik till finansiärer');
    await tabTo(page, 'Rapporter som dokument');
  });

  test('the funder statistics offer copy-ready tables with CSV and XLSX', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'styrgrupp');
    await page.goto(`${server.baseURL}/program/2/finansiarer`);
    assert.ok((await page.locator('table').count()) >= 1, 'at least one table');
    for (const extension of ['csv', 'xlsx']) {
      const link = page.locator(`a[href*="finansiarer.${extension}"]`);
      assert.equal(await link.count(), 1, `one ${extension} link`);
      const href = await link.getAttribute('href');
      const response = await context.request.get(new URL(href, page.url()).toString());
      assert.equal(response.status(), 200, `${extension} downloads`);
    }
    await assertNoPersonalData(page, 'funder statistics');
    await checkBothWidths(page, '/program/2/finansiarer');
  });

  test('the steering group asks for the final report, sees its progress and downloads the PDF', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'styrgrupp');
    await page.goto(`${server.baseURL}${EFFECTS}`);
    await Promise.all([
      page.waitForURL(`${server.baseURL}/program/2/rapporter`),
      page.getByRole('link', { name: 'Rapporter som dokument', exact: true }).click(),
    ]);
    await checkBothWidths(page, '/program/2/rapporter');

    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Slutrapport' }) });
    const create = row.getByRole('button', { name: /^Skapa/ });
    await create.focus();
    // The request page posts to itself and is redirected back to itself, so its address
    // cannot tell when the answer has come; the confirmation message can.
    await page.keyboard.press('Enter');
    await page.locator('main').getByText(/Rapporten byggs nu|redan/).first().waitFor({ timeout: 30_000 });

    // The status table refreshes itself (htmx here; a meta refresh without JavaScript).
    const download = row.getByRole('link', { name: 'Ladda ner PDF', exact: true });
    await download.waitFor({ timeout: 240_000 });
    await checkBothWidths(page, '/program/2/rapporter, done');
    const href = await download.getAttribute('href');
    const response = await context.request.get(new URL(href, page.url()).toString());
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    const bytes = await response.body();
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  });
});
