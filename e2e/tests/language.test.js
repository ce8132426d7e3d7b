// The language switch in the header: Swedish is the default, English one button away.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import { launchChromium, newContext } from '../lib/browser.js';

describe('Language', () => {
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

  test('the login page is in Swedish and the "In English" button turns it into English', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    const { baseURL } = server;

    await page.goto(`${baseURL}/logga-in`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Logga in');
    const toEnglish = page.getByRole('button', { name: 'In English', exact: true });
    // The button's own text is English, and says so to screen readers (WCAG 3.1.2).
    assert.equal(await toEnglish.getAttribute('lang'), 'en');

    await Promise.all([page.waitForURL(`${baseURL}/logga-in`), toEnglish.click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Log in');
    assert.equal(await page.getByRole('button', { name: 'Log in', exact: true }).count(), 1);
    const back = page.getByRole('button', { name: 'På svenska', exact: true });
    assert.equal(await back.getAttribute('lang'), 'sv');

    // The choice sticks on the next page load, and can be undone.
    await page.reload();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await Promise.all([page.waitForURL(`${baseURL}/logga-in`), back.click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Logga in');
  });
});
