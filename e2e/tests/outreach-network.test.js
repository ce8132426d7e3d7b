// Outreach and the network (issue 13): the coordinator opens the demo programme's events and
// the figures, records an information meeting with a bad head count first, then a good one,
// and opens the network view with the demo network drawn and listed; the steering group sees
// the figures on the programme page without names. axe at 1280 and 320 px on every page.

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

/** The demo programme's page, found from the programme list. */
async function openDemoProgramme(page, baseURL) {
  await page.goto(`${baseURL}/program`);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('link', { name: 'Sociala företag i Västervik', exact: true }).first().click(),
  ]);
  return page.url().replace(baseURL, '');
}

describe('Outreach events and the network', () => {
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

  test('the coordinator records an information meeting and sees it in the outreach figures', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'samordnare');
    const programme = await openDemoProgramme(page, server.baseURL);
    assert.ok(await page.getByRole('heading', { name: 'Aktiviteter utåt' }).isVisible());
    await page.getByRole('link', { name: 'Evenemang', exact: true }).click();
    await page.waitForURL(`${server.baseURL}${programme}/evenemang`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Evenemang');
    assert.ok(await page.locator('tbody th', { hasText: 'Informationsmöte' }).count() >= 1);
    await checkBothWidths(page, `${programme}/evenemang`);

    const form = page.locator(`form[action="${programme}/evenemang"]`);
    await form.getByLabel('Slag', { exact: true }).selectOption('information-meeting');
    await page.locator('#f-title').fill('Informationsmöte i e2e');
    await page.locator('#f-held_on').fill(new Date().toISOString().slice(0, 10));
    await page.locator('#f-hours').fill('2');
    await page.locator('#f-place').fill('Biblioteket');
    await page.locator('#f-organiser').fill('Programmet');
    await page.locator('#f-audience').fill('Alla');
    await page.locator('#f-women').fill('tolv');
    await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: 'Spara' }).click()]);
    assert.match(await page.locator('.error-summary').innerText(), /Skriv antalet som ett heltal/);
    assert.equal(await page.locator('#f-title').inputValue(), 'Informationsmöte i e2e');
    await checkBothWidths(page, 'the event form with an error');

    await page.locator('#f-women').fill('12');
    await page.locator('#f-men').fill('9');
    await page.locator('#f-unknown').fill('2');
    await Promise.all([page.waitForURL(/\/evenemang\/\d+$/), page.getByRole('button', { name: 'Spara', exact: true }).last().click()]);
    assert.match(await page.locator('main').innerText(), /23 anonyma besökare/);
    await checkBothWidths(page, 'an event');
  });

  test('the network view draws the demo network and lists it in a table', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'samordnare');
    const programme = await openDemoProgramme(page, server.baseURL);
    await page.goto(`${server.baseURL}${programme}/natverk`);
    const svg = page.locator('svg[role="img"]');
    assert.equal(await svg.count(), 1);
    assert.match(await svg.locator('title').first().textContent(), /Nätverket kring Sociala företag i Västervik/);
    for (const name of ['Coompanion Kalmar län', 'Almi Företagspartner Kalmar', 'Nyföretagarcentrum Västervik', 'Sparbanken Västervik', 'Västerviks kommun, upphandling', 'Vägen Ut! kooperativen']) {
      assert.equal(await page.getByRole('link', { name, exact: true }).count(), 1, name);
    }
    assert.ok(await page.locator('svg line').count() >= 12);
    await checkBothWidths(page, `${programme}/natverk`);
    await page.getByRole('link', { name: 'Almi Företagspartner Kalmar', exact: true }).click();
    await page.waitForURL(/\/natverk\/\d+$/);
    assert.match(await page.locator('main').innerText(), /Per Holm/);
    await checkBothWidths(page, 'a network organisation');
  });

  test('the steering group sees the outreach figures without names', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'styrgrupp');
    await openDemoProgramme(page, server.baseURL);
    assert.ok(await page.getByRole('heading', { name: 'Aktiviteter utåt' }).isVisible());
    assert.equal(await page.getByRole('link', { name: 'Nätverket', exact: true }).count(), 0);
    await checkBothWidths(page, 'the programme page as the steering group');
  });
});
