// Issue 18, items 6 and 7 and the confirmation page's language link: the coordinator reviews
// the log by picking a person by name (no error before anything is submitted, actions in
// words); the participant sees who has read their details summarised per reader on a phone,
// with the occasions on demand, and a questionnaire whose first answer shows without
// scrolling at 390 × 844; "In English" on a confirmation page opens a page, not a 404.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import { DESKTOP, NARROW, assertNoAxeViolations, launchChromium, logIn, newContext } from '../lib/browser.js';

const PHONE = { width: 390, height: 844 };

/** axe at 1280 and 320 px on the page as it is now. */
async function checkBothWidths(page, label) {
  for (const viewport of [DESKTOP, NARROW]) {
    await page.setViewportSize(viewport);
    await assertNoAxeViolations(page, `${label} at ${viewport.width} px`);
  }
  await page.setViewportSize(DESKTOP);
}

describe('The log review by name, the portal on a phone, and the confirmation page in English', () => {
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

  test('the coordinator picks a person by name and reads the log in words', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const base = server.baseURL;
    await logIn(page, base, 'samordnare');
    // A read of Linnea Berg to find in the log.
    await page.goto(`${base}/personer?q=linnea`);
    await page.locator('main table').getByRole('link', { name: 'Linnea Berg', exact: true }).click();
    await page.waitForLoadState('load');

    await page.goto(`${base}/start`);
    await Promise.all([
      page.waitForURL(`${base}/logg`),
      page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Loggkontroll' }).click(),
    ]);
    // The first visit explains; it shows no error.
    assert.equal(await page.locator('.error-summary, .error-message').count(), 0);
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Vems logg vill du granska?' }).count(), 1);
    await checkBothWidths(page, 'the log review, first visit');

    // Too short a name is explained once submitted.
    const name = page.getByLabel('Namn', { exact: true });
    await name.fill('l');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sök namn' }).click()]);
    assert.match(await page.locator('.error-summary').innerText(), /Skriv minst två bokstäver av namnet/);

    await name.fill('linnea');
    await Promise.all([page.waitForURL(/\/logg\?namn=linnea/), name.press('Enter')]);
    assert.equal(await page.locator('.error-summary').count(), 0);
    await checkBothWidths(page, 'the log review, names found');
    await Promise.all([
      page.waitForURL(/\/logg\?post=person%3A\d+|\/logg\?post=person:\d+/),
      page.getByRole('link', { name: 'Linnea Berg', exact: true }).click(),
    ]);
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Loggen för Linnea Berg' }).count(), 1);
    const actions = await page.locator('main table tbody tr td:nth-child(3)').allInnerTexts();
    assert.ok(actions.includes('Läste personens uppgifter'), `the read is in words: ${actions.slice(0, 5)}`);
    assert.ok(actions.every((a) => !/^[a-z-]+\.[a-z.-]+$/.test(a)), 'no action is shown as a code');
    const who = await page.locator('main table tbody tr td:nth-child(2)').allInnerTexts();
    assert.ok(who.includes('Demo Samordnare'), 'who acted is named');
    await checkBothWidths(page, 'the log for one person');
  });

  test('the participant sees who has read their details summarised per reader, on a phone', async () => {
    const base = server.baseURL;
    // The coordinator reads the participant's record a few times first.
    const staff = await (await newContext(browser)).newPage();
    await logIn(staff, base, 'samordnare');
    const context = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await logIn(page, base, 'deltagare');
    await page.goto(`${base}/min-sida`);
    const firstName = (await page.getByRole('heading', { level: 1 }).innerText()).replace(/^Hej,?\s*/, '').replace(/!$/, '');
    await staff.goto(`${base}/personer?q=${encodeURIComponent(firstName)}`);
    const link = staff.locator('main table tbody tr th a').first();
    for (let i = 0; i < 3; i += 1) {
      await staff.goto(`${base}/personer?q=${encodeURIComponent(firstName)}`);
      await link.click();
      await staff.waitForLoadState('load');
    }

    await page.reload();
    const section = page.getByRole('region', { name: 'Vem har läst dina uppgifter?' });
    const readers = section.locator('ul.readers > li');
    const count = await readers.count();
    assert.ok(count >= 2, 'at least the coordinator and the system');
    const occasions = (await section.locator('details > summary').allInnerTexts())
      .map((s) => Number(s.match(/(\d+) tillfällen/)[1]));
    assert.equal(occasions.length, count, 'every reader has the occasions on demand');
    assert.ok(occasions.reduce((a, b) => a + b, 0) > count, 'fewer lines than reads');
    const coordinator = readers.filter({ hasText: 'Demo Samordnare' });
    assert.equal(await coordinator.count(), 1, 'one line for the coordinator');
    assert.match(await coordinator.innerText(), /Läste dina uppgifter: \d+ gånger/);
    assert.match(await coordinator.innerText(), /Senast \d{4}-\d{2}-\d{2}/);
    const details = coordinator.locator('details');
    assert.equal(await details.getAttribute('open'), null, 'the occasions start closed');
    await details.locator('summary').click();
    assert.ok((await details.locator('li').count()) >= 3);
    await checkBothWidths(page, 'Min sida');

    // The next questionnaire, from the start page: the first answer is visible without scrolling.
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/start`);
    await Promise.all([page.waitForLoadState('load'), page.locator('main a.button[href*="/min-sida/enkater/"]').first().click()]);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    const option = await page.locator('.answer-form .option').first().boundingBox();
    assert.ok(
      option.y + option.height <= PHONE.height,
      `the first answer ends at ${Math.round(option.y + option.height)} px, below the ${PHONE.height} px screen`,
    );
    await checkBothWidths(page, 'a questionnaire, one question a page');
  });

  test('"In English" on a confirmation page leads back to the page the action started from', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const base = server.baseURL;
    await logIn(page, base, 'samordnare');
    await page.goto(`${base}/personer?status=active`);
    await page.locator('table tbody tr th a').first().click();
    await page.waitForLoadState('load');
    const personPath = new URL(page.url()).pathname;
    const name = await page.getByRole('heading', { level: 1 }).innerText();
    const row = page.locator('section.episode tr', { hasText: 'Att delta' }).first();
    await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: /^Återkalla …/ }).click()]);
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /^Återkalla samtycke/);

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'GET'),
      page.getByRole('button', { name: 'In English' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, personPath);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), name);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    // Back to Swedish, which the account keeps for the other tests.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'På svenska' }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  });
});
