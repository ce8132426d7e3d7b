// Roles: a page the role may not see answers 403 with a Swedish explanation.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import { launchChromium, logIn, newContext } from '../lib/browser.js';

describe('Permissions', () => {
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

  test('a case officer who opens the user administration gets 403 and a Swedish explanation', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    const { baseURL } = server;
    await logIn(page, baseURL, 'handlaggare');

    // The menu does not offer the page...
    const menu = page.getByRole('navigation', { name: 'Huvudmeny' });
    assert.equal(await menu.getByRole('link', { name: 'Användare' }).count(), 0);

    // ...and typing the address is refused.
    const response = await page.goto(`${baseURL}/anvandare`);
    assert.equal(response.status(), 403);
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Du har inte behörighet');
    assert.match(
      await page.locator('main').innerText(),
      /Din roll ger inte tillgång till den här sidan\. Kontakta en administratör om du behöver den\./,
    );
    assert.match(await page.title(), /Du har inte behörighet/);
    // Still logged in: the way on is offered.
    assert.equal(await page.getByRole('button', { name: 'Logga ut', exact: true }).count(), 1);
    assert.equal(await page.getByRole('link', { name: 'Till startsidan', exact: true }).count(), 1);
  });
});
