// The socio-economic account as the coordinator uses it: the demo programme's account per
// actor, the follow-up window changed, the PDF downloaded, and a scenario for an application made
// and opened with its chart per actor; every page axe-clean at 1280 and 320 px.

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

describe('Socio-economic account: the coordinator', () => {
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

  test('the coordinator opens the account, changes the window, downloads the PDF and makes a scenario', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'samordnare');

    // From the programme page to its account.
    await page.goto(`${server.baseURL}/program`);
    await page.getByRole('link', { name: PROGRAMME, exact: true }).first().click();
    await page.getByRole('link', { name: /^Socioekonomisk kalkyl/ }).click();
    assert.equal(
      await page.getByRole('heading', { level: 1 }).innerText(),
      `Socioekonomisk kalkyl: ${PROGRAMME}`,
    );
    for (const actor of ['kommunen', 'regionen', 'forsakringskassan', 'samhallet']) {
      assert.equal(await page.locator(`section#aktor-${actor} svg[role="img"]`).count(), 1, `a chart for ${actor}`);
    }
    await checkBothWidths(page, 'the account');

    // Six months instead of twelve: the lead and the links follow the choice.
    await page.getByLabel('Uppföljningsfönster', { exact: true }).selectOption('6');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    assert.match(page.url(), /fonster=6/);
    assert.match(await page.locator('main').innerText(), /6 månader före inskrivning/);
    const pdfLink = page.getByRole('link', { name: 'Ladda ned kalkylen (PDF)', exact: true });
    assert.match(await pdfLink.getAttribute('href'), /socioekonomi\.pdf\?.*fonster=6/);

    const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
    assert.match(download.suggestedFilename(), /^socioekonomi-program-\d+-\d{4}\.pdf$/);
    const response = await context.request.get(new URL(await pdfLink.getAttribute('href'), page.url()).toString());
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    assert.equal((await response.body()).subarray(0, 5).toString('latin1'), '%PDF-');

    // A scenario for an application, from the example typical case.
    await page.getByRole('link', { name: 'Scenarier för planering och ansökningar', exact: true }).click();
    await page.getByRole('link', { name: 'Nytt scenario', exact: true }).click();
    await page.getByLabel('Namn', { exact: true }).fill('Ansökan e2e');
    await page.getByRole('button', { name: 'Spara scenariot', exact: true }).click();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Scenario: Ansökan e2e');
    assert.equal(await page.locator('section#aktor-kommunen svg[role="img"]').count(), 1, 'a chart per actor');
    assert.equal(await page.getByRole('link', { name: 'Ladda ned scenariot (PDF)', exact: true }).count(), 1);
    await checkBothWidths(page, 'the scenario');
  });
});
