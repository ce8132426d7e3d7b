// Enterprise figures: the enterprise representative enters a year's figures by keyboard on
// /mitt-foretag (a bad form first, then a good one), the coordinator sees the share, growth
// charts and staff from the programme on the enterprise page, and the public directory shows
// the qualification for reserved contracts. axe at 1280 and 320 px on every page.

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

const CAFE = 'Kustens Café & Catering ekonomisk förening';

/** Presses Enter on `locator` and waits for the page the POST answers with; returns the POST's response. */
async function pressToSubmit(page, locator) {
  await locator.focus();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.waitForEvent('load'),
    page.keyboard.press('Enter'),
  ]);
  return response;
}

/** Focuses a field by its label and types into it, replacing what is there. */
async function typeInto(page, label, text) {
  const field = page.getByLabel(label, { exact: true });
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** axe and, at 320 px, no sideways scrolling, with every <details> open. */
async function checkBothWidths(page, label) {
  await page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
  for (const viewport of [DESKTOP, NARROW]) {
    await page.setViewportSize(viewport);
    if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, label);
    await assertNoAxeViolations(page, `${label} at ${viewport.width} px`);
  }
  await page.setViewportSize(DESKTOP);
}

describe('Enterprise figures: the representative, the coordinator and the public directory', () => {
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

  test('the enterprise representative enters a year of figures by keyboard and sees the share', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'foretag');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Mitt företag', exact: true }).focus();
    await Promise.all([page.waitForURL(`${server.baseURL}/mitt-foretag`), page.keyboard.press('Enter')]);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), CAFE);
    // The demo's three years: the café qualifies, and growth is charted.
    assert.match(await page.locator('#share-heading + p').innerText(), /^4 av 9 anställda den \d{4}-12-31/);
    assert.equal(await page.locator('svg[role="img"]').count(), 2);
    await checkBothWidths(page, '/mitt-foretag');

    // Open the form from the keyboard.
    await page.reload();
    const summary = page.locator('summary', { hasText: 'Lägg in eller ändra nyckeltal för ett år' });
    await summary.focus();
    await summary.press('Enter');
    const year = await page.getByLabel('År', { exact: true }).inputValue();
    assert.match(year, /^\d{4}$/);
    await typeInto(page, 'Omsättning', '2 300 000');
    await typeInto(page, 'Resultat', '-15 000');
    await typeInto(page, 'Lönekostnader', '1 400 000');
    await typeInto(page, 'Intäkter från offentliga köpare', '650 000');
    await typeInto(page, 'Återinvesterat överskott', '0');
    await typeInto(page, 'Personalen räknad den', `${year}-01-15`);
    await typeInto(page, 'Anställda', '10');
    await typeInto(page, 'Varav anställda som står långt från arbetsmarknaden eller har en funktionsnedsättning', '12');
    await typeInto(page, 'Årsarbetskrafter', '8,5');

    const refused = await pressToSubmit(page, page.getByRole('button', { name: 'Spara nyckeltal', exact: true }));
    assert.equal(refused.status(), 422);
    const summaryBox = page.locator('.error-summary');
    assert.match(await summaryBox.innerText(), /Antalet från målgruppen kan inte vara större än antalet anställda \(10\)/);
    assert.equal(await page.getByLabel('Omsättning', { exact: true }).inputValue(), '2 300 000', 'the input is kept');
    await checkBothWidths(page, '/mitt-foretag with errors');

    // The summary's link leads to the field; correct it and save.
    await summaryBox.getByRole('link').first().focus();
    await page.keyboard.press('Enter');
    await typeInto(page, 'Varav anställda som står långt från arbetsmarknaden eller har en funktionsnedsättning', '3');
    const saved = await pressToSubmit(page, page.getByRole('button', { name: 'Spara nyckeltal', exact: true }));
    assert.equal(saved.status(), 303);
    assert.equal(page.url(), `${server.baseURL}/mitt-foretag`);
    assert.match(await page.locator('#share-heading + p').innerText(), new RegExp(`^3 av 10 anställda den ${year}-01-15.*30,0\u00a0%`));
    assert.match(await page.locator('#share-heading').locator('xpath=..').innerText(), /uppfyller kravet på minst 30 %/);
    assert.ok(await page.locator('#figures-caption').isVisible());
    assert.equal(await page.locator('text=Ingrid Palm').count(), 0, 'counts, never names');
  });

  test('the coordinator sees the share, growth, charts and staff on the enterprise page', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'samordnare');
    await page.goto(`${server.baseURL}/foretag`);
    await page.getByRole('link', { name: CAFE, exact: true }).click();
    await page.waitForLoadState('load');
    const staff = page.locator('section[aria-labelledby="staff-heading"]');
    assert.match(await staff.innerText(), /Ingrid Palm/);
    assert.match(await staff.innerText(), /Arbetsträning/);
    assert.ok(await page.locator('svg[role="img"] title', { hasText: 'Omsättning per år' }).count() === 1);
    await checkBothWidths(page, 'the enterprise page');
  });

  test('the public directory shows which enterprises qualify for reserved contracts', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(`${server.baseURL}/sociala-foretag`);
    const body = await page.locator('main').innerText();
    assert.match(body, /Nej: 3 av 12 anställda \(25,0\u00a0%\)/);
    assert.doesNotMatch(body, /Ingrid Palm/);
    await checkBothWidths(page, '/sociala-foretag');
  });
});
