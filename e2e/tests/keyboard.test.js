// A keyboard-only user: only Tab, Enter and typing, through page.keyboard. Every element that
// Tab reaches must show where focus is (WCAG 2.4.7, 2.4.11).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import { DEMO_PASSWORD, focusInfo, launchChromium, newContext } from '../lib/browser.js';

describe('Keyboard-only use', () => {
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

  test('a keyboard user meets the skip link first, logs in and reaches Organisationer through the main menu, always seeing the focus', async (t) => {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    const { baseURL } = server;
    await page.goto(`${baseURL}/logga-in`);

    /** Presses Tab and checks that the newly focused element shows its focus. */
    async function tab() {
      await page.keyboard.press('Tab');
      const info = await focusInfo(page);
      assert.ok(
        info.visible,
        `focus is not visible on <${info.tag?.toLowerCase()}> "${info.text}" (${page.url()}): outline ${info.outline}, box-shadow ${info.boxShadow}`,
      );
      return info;
    }

    /** Tabs until `wanted(info)` holds, at most `limit` times. */
    async function tabUntil(description, wanted, limit = 25) {
      const passed = [];
      for (let i = 0; i < limit; i += 1) {
        const info = await tab();
        if (wanted(info)) return info;
        passed.push(`${info.tag} "${info.text}"`);
      }
      assert.fail(`Tab never reached ${description}; it passed: ${passed.join(', ')}`);
    }

    // 1. The very first Tab reaches the skip link, which is then shown.
    const first = await tab();
    assert.equal(first.tag, 'A');
    assert.equal(first.text, 'Hoppa till innehållet');
    assert.equal(first.href, '#main');
    assert.ok(await page.getByRole('link', { name: 'Hoppa till innehållet' }).isVisible());

    // 2. Enter follows it: the next Tab lands in the content, at the login form.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    const field = await tab();
    assert.equal(field.id, 'f-username', 'after the skip link, Tab must go straight to the login form');

    // 3. Log in by typing and pressing Enter.
    await page.keyboard.type('admin');
    const password = await tab();
    assert.equal(password.id, 'f-password');
    await page.keyboard.type(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${baseURL}/start`), page.keyboard.press('Enter')]);

    // 4. Through the header to the main menu's "Organisationer", and Enter.
    const skip = await tab();
    assert.equal(skip.text, 'Hoppa till innehållet', 'the skip link comes first on every page');
    const menuItem = await tabUntil(
      'the main menu link Organisationer',
      (info) => info.tag === 'A' && info.href === '/organisationer',
    );
    assert.equal(menuItem.text, 'Organisationer');
    assert.ok(
      await page.evaluate(() => document.activeElement.closest('nav')?.getAttribute('aria-label') === 'Huvudmeny'),
      'the link must be in the main menu',
    );
    await Promise.all([page.waitForURL(`${baseURL}/organisationer`), page.keyboard.press('Enter')]);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Organisationer');
    assert.equal(
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Organisationer' }).getAttribute('aria-current'),
      'page',
    );

    // 5. On the list, Tab keeps showing focus all the way to the footer.
    await tabUntil('the accessibility statement link in the footer', (info) => info.href === '/tillganglighet', 60);
  });
});
