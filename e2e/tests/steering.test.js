// The steering group's meetings and pack (issue 13, decision 0028): the demo's `styrgrupp`
// login finds "Möten" and "Mål" in the menu, opens its group and the pack for the next meeting;
// the pack is axe-clean at 1280 and 320 px, offers the PDF and names no participant.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import {
  DESKTOP,
  NARROW,
  assertNoAxeViolations,
  assertNoHorizontalScroll,
  launchChromium,
  logIn,
  newContext,
} from '../lib/browser.js';

// Demo participants' names: none may appear in the pack.
const PARTICIPANTS = ['Linnea Berg', 'Mats Holmgren', 'Fatima Al-Sayed', 'Johan Ekdahl', 'Jenny Axelsson'];

async function checkBothWidths(page, label) {
  for (const viewport of [DESKTOP, NARROW]) {
    await page.setViewportSize(viewport);
    if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, label);
    await assertNoAxeViolations(page, `${label} at ${viewport.width} px`);
  }
  await page.setViewportSize(DESKTOP);
}

describe('Meetings and the pack: the steering group', () => {
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

  test('the steering group opens the pack for its next meeting without personal data', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'styrgrupp');

    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Möten' }).click();
    await page.getByRole('link', { name: 'Styrgruppen för Sociala företag i Västervik' }).click();
    await checkBothWidths(page, 'the group page');
    await page.getByRole('link', { name: 'Underlag till nästa möte' }).click();

    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^Underlag till mötet \d{4}-\d{2}-\d{2}$/);
    for (const heading of ['Mål och hur långt de har kommit', 'Öppna åtgärder', 'Beslut från förra mötet']) {
      assert.equal(await page.getByRole('heading', { level: 2, name: heading }).count(), 1, heading);
    }
    const text = await page.locator('main').innerText();
    for (const name of PARTICIPANTS) assert.ok(!text.includes(name), `the pack shows ${name}`);
    assert.doesNotMatch(text, /\b(19|20)\d{6}[-+]?\d{4}\b/, 'the pack shows a personnummer');
    await checkBothWidths(page, 'the pack');

    const pdf = page.getByRole('link', { name: 'Ladda ned underlaget som PDF' });
    const response = await page.request.get(new URL(await pdf.getAttribute('href'), server.baseURL).href);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');

    await nav.getByRole('link', { name: 'Mål' }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Mål');
    assert.ok((await page.locator('main').innerText()).includes('14 av 20 (70 %)'));
    await checkBothWidths(page, 'the targets page');
  });
});
