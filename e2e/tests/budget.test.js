// Budget against outcome (decision 0027) as the coordinator and the steering group use it: the
// demo programme's plan against the partners' recorded contributions, a month entered with
// negative hours and corrected, and the steering group's read-only view; every page axe-clean at
// 1280 and 320 px.

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

const PROGRAMME = 'Sociala företag i Västervik';

/** axe and, at 320 px, no sideways scrolling. */
async function checkBothWidths(page, label) {
  for (const viewport of [DESKTOP, NARROW]) {
    await page.setViewportSize(viewport);
    if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, label);
    await assertNoAxeViolations(page, `${label} at ${viewport.width} px`);
  }
  await page.setViewportSize(DESKTOP);
}

async function openBudget(page, baseURL) {
  await page.goto(`${baseURL}/program`);
  await page.getByRole('link', { name: PROGRAMME, exact: true }).first().click();
  await page.getByRole('link', { name: 'Budget och utfall', exact: true }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Budget och utfall');
}

describe('Budget and outcome', () => {
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

  test('the coordinator sees budget against outcome, is told about negative hours and records a month', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'samordnare');
    await openBudget(page, server.baseURL);
    const main = await page.locator('main').innerText();
    assert.match(main, /Försäkringskassan/);
    assert.match(main, /(över|under) budget/);
    assert.match(main, /Kostnad per deltagare/);
    await checkBothWidths(page, 'the budget page');

    const month = new Date().toISOString().slice(0, 7);
    await page.getByLabel('Part', { exact: true }).first().selectOption({ label: 'Försäkringskassan' });
    await page.getByLabel('Månad', { exact: true }).fill(month);
    await page.getByLabel('Samordning', { exact: true }).fill('-3');
    await page.getByRole('button', { name: 'Spara månaden', exact: true }).click();
    assert.match(await page.getByRole('alert').innerText(), /Timmar kan inte vara negativa/);
    assert.equal(await page.getByLabel('Samordning', { exact: true }).inputValue(), '-3');
    await checkBothWidths(page, 'the budget page with an error');

    await page.getByLabel('Samordning', { exact: true }).fill('12,5');
    await page.getByRole('button', { name: 'Spara månaden', exact: true }).click();
    assert.match(await page.locator('main').innerText(), /Månadens insatser är sparade/);
  });

  test('the steering group sees the aggregates without the forms', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'styrgrupp');
    await page.goto(`${server.baseURL}/program`);
    await page.getByRole('link', { name: PROGRAMME, exact: true }).first().click();
    await page.getByRole('link', { name: 'Budget och utfall', exact: true }).click();
    assert.match(await page.locator('main').innerText(), /Kostnad per deltagare/);
    assert.equal(await page.getByRole('button', { name: 'Spara månaden' }).count(), 0);
    await checkBothWidths(page, 'the steering group budget page');
  });
});
