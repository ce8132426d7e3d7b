// The same journey as organisations.test.js with JavaScript turned off in the browser:
// every page must work as plain HTML forms and links.
//
// How axe is run here: axe is JavaScript that Playwright injects into the page. In a context
// created with `javaScriptEnabled: false`, Chromium disables script execution for the page, and
// AxeBuilder.analyze() never resolves (tried with playwright-core 1.65.1 and axe-core 4.14:
// the injected code is evaluated, but setTimeout and requestAnimationFrame callbacks, which
// axe waits on, never fire while scripts are disabled). So the journey runs
// in a truly script-less context, and every page it reaches is then checked in a second,
// JavaScript-enabled context that (1) aborts every request for the app's own scripts, so the
// page stays as a browser without JavaScript shows it, and (2) answers the page's address with
// the exact HTML the script-less browser received. (2) matters for pages that are the answer
// to a POST, such as the form re-shown with its error summary, which a GET cannot reproduce.
// The stylesheet still comes from the server, so colour contrast is judged on real styles.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import {
  assertNoAxeViolations,
  launchChromium,
  logIn,
  newContext,
  orgNumber,
  submitForm,
  uniqueNineDigits,
} from '../lib/browser.js';

describe('Organisations, as an administrator without JavaScript', () => {
  let server;
  let browser;
  let context;
  let page;
  /** Pages the journey saw, as { label, url, html }, for the axe test. */
  const seen = [];

  async function remember(label) {
    seen.push({ label, url: page.url(), html: await page.content() });
  }

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
    context = await newContext(browser, { javaScriptEnabled: false });
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('logging in and creating and editing an organisation works with plain HTML forms', async () => {
    const { baseURL } = server;
    const number = orgNumber(uniqueNineDigits());

    await page.goto(`${baseURL}/logga-in`);
    assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'scripts must not run');
    await remember('login');
    await logIn(page, baseURL, 'admin');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Start');
    await remember('start');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Organisationer' }).click();
    await page.waitForURL(`${baseURL}/organisationer`);
    await remember('organisations list');
    await page.getByRole('link', { name: 'Ny organisation', exact: true }).click();
    await page.waitForURL(`${baseURL}/organisationer/ny`);
    await remember('new organisation');

    // First a wrong form: the server answers with the error summary and keeps the input.
    await page.getByLabel('Kortnamn', { exact: true }).fill('utanjs-e2e');
    await page.getByLabel('Typ', { exact: true }).selectOption('samordningsforbund');
    await page.getByLabel('Organisationsnummer', { exact: true }).fill('12345');
    const invalid = await submitForm(page, 'Spara');
    assert.equal(invalid.status(), 422);
    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await summary.getByRole('heading').innerText(), 'Det finns fel i formuläret');
    assert.deepEqual(
      await summary.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['#f-name', '#f-org_number'],
    );
    assert.equal(await page.getByLabel('Kortnamn', { exact: true }).inputValue(), 'utanjs-e2e');
    assert.equal(await page.getByLabel('Typ', { exact: true }).inputValue(), 'samordningsforbund');
    assert.equal(await page.getByLabel('Organisationsnummer', { exact: true }).inputValue(), '12345');
    await remember('organisation form with its error summary');

    // Then the corrected form.
    await page.getByLabel('Namn', { exact: true }).fill('Samordningsförbundet utan skript');
    await page.getByLabel('Organisationsnummer', { exact: true }).fill(number);
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.waitForURL(/\/organisationer\/\d+$/);
    const detailURL = page.url();
    assert.equal(await page.getByRole('status').innerText(), 'Organisationen är skapad.');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Samordningsförbundet utan skript');
    await remember('organisation detail');

    await page.getByRole('link', { name: 'Ändra', exact: true }).click();
    await page.waitForURL(`${detailURL}/redigera`);
    await remember('edit organisation');
    await page.getByLabel('Namn', { exact: true }).fill('Samordningsförbundet utan JavaScript');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.waitForURL(detailURL);
    assert.equal(await page.getByRole('status').innerText(), 'Ändringarna är sparade.');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Samordningsförbundet utan JavaScript');
  });

  test('the pages of the script-less journey have no axe violations', async (t) => {
    assert.ok(seen.length >= 7, 'the journey test must run first and record its pages');
    const axeContext = await newContext(browser);
    t.after(() => axeContext.close());
    await axeContext.route(/\/static\/.*\.js(\?|$)/, (route) => route.abort());
    const failures = [];
    for (const { label, url, html } of seen) {
      const page = await axeContext.newPage();
      await page.route(url, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      await page.goto(url);
      assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'app scripts must be blocked');
      assert.ok(
        await page.evaluate(() => [...document.styleSheets].some((s) => s.href?.endsWith('/static/style.css') && s.cssRules.length > 0)),
        `the stylesheet must load for ${label}`,
      );
      try {
        await assertNoAxeViolations(page, `${label} without JavaScript (${new URL(url).pathname})`);
      } catch (error) {
        failures.push(error.message);
      }
      await page.close();
    }
    assert.equal(failures.length, 0, failures.join('\n'));
  });
});
