// Daily use (issue 18): nothing that ends, withdraws, deletes or anonymises happens without a
// confirmation page that names the consequence, a mistaken withdrawal can be undone by the
// coordinator, and every role's start page says what to do today with links that all open;
// axe at 1280 and 320 px on every new page. (The confirmation pages are plain forms; posting
// them without JavaScript is covered by crates/cli/tests/it/persons.rs.)

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

/** axe at 1280 and 320 px, and no sideways scrolling at 320 px. */
async function checkBothWidths(page, label) {
  for (const viewport of [DESKTOP, NARROW]) {
    await page.setViewportSize(viewport);
    if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, label);
    await assertNoAxeViolations(page, `${label} at ${viewport.width} px`);
  }
  await page.setViewportSize(DESKTOP);
}

describe('Daily use', () => {
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

  test('withdrawing consent asks first, names what happens, and the coordinator can undo it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const base = server.baseURL;
    await logIn(page, base, 'samordnare');
    await page.goto(`${base}/personer?status=active`);
    await page.locator('table tbody tr th a').first().click();
    await page.waitForLoadState('load');
    const personUrl = page.url().split('#')[0];
    const name = await page.getByRole('heading', { level: 1 }).innerText();
    const episodeId = await page.locator('section.episode').filter({ has: page.locator('form[action$="/utskrivning"]') }).first().getAttribute('id');
    const episode = page.locator(`#${episodeId}`);
    const heading = await episode.getByRole('heading', { level: 2 }).innerText();
    assert.match(heading, /: Aktiv$/);

    // One click no longer withdraws: it opens a page that says what will happen.
    const row = episode.locator('tr', { hasText: 'Att delta' }).first();
    assert.equal((await pressToSubmit(page, row.getByRole('button', { name: /^Återkalla …/ }))).status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Återkalla samtycke för ${name}`);
    const consequence = await page.locator('.confirm').innerText();
    assert.match(consequence, /avslutas med orsaken ”Samtycket återkallat”/);
    assert.match(consequence, /ångra det på personens sida inom 14 dagar/);
    assert.ok(await page.getByLabel('Återkallat den', { exact: true }).inputValue(), 'the date is filled in');
    await checkBothWidths(page, 'the withdrawal confirmation');

    // Cancel leads back and changes nothing.
    await page.getByRole('link', { name: 'Avbryt', exact: true }).click();
    await page.waitForLoadState('load');
    assert.equal(page.url(), personUrl);
    assert.equal(await episode.getByRole('heading', { level: 2 }).innerText(), heading);

    // Confirmed, the episode ends; the mistake is undone from the consent table.
    await pressToSubmit(page, row.getByRole('button', { name: /^Återkalla …/ }));
    assert.equal((await pressToSubmit(page, page.getByRole('button', { name: 'Återkalla samtycket', exact: true }))).status(), 303);
    assert.match(await episode.getByRole('heading', { level: 2 }).innerText(), /: Avslutad$/);
    const undo = episode.getByRole('button', { name: /^Ångra återkallelse/ });
    assert.equal(await undo.count(), 1);
    await checkBothWidths(page, 'the person page with a withdrawal to undo');
    assert.equal((await pressToSubmit(page, undo)).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Återkallelsen är ångrad. Samtycket gäller igen.');
    assert.equal(await episode.getByRole('heading', { level: 2 }).innerText(), heading);
    await context.close();
  });

  test('removing, ending and anonymising all ask first', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const base = server.baseURL;
    await logIn(page, base, 'samordnare');
    await page.goto(`${base}/ideer`);
    const ideas = await page.locator('a[href^="/ideer/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')).filter((h) => /^\/ideer\/\d+$/.test(h)))]);
    let ideaUrl;
    for (const href of ideas) {
      await page.goto(`${base}${href}`);
      if (await page.locator('select[name="stage"] option', { hasText: 'Avvecklat' }).count() > 0) {
        ideaUrl = page.url();
        break;
      }
    }
    assert.ok(ideaUrl, 'an idea that can be wound up');
    await page.getByLabel('Nytt steg', { exact: true }).selectOption({ label: 'Avvecklat' });
    assert.equal((await pressToSubmit(page, page.getByRole('button', { name: 'Spara steget', exact: true }))).status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Avveckla idén');
    assert.ok(await page.getByLabel('Anteckning', { exact: true }).isVisible(), 'winding up asks why');
    await checkBothWidths(page, 'the wind-up confirmation');
    await page.getByRole('link', { name: 'Avbryt', exact: true }).click();
    await page.waitForLoadState('load');
    assert.equal(page.url(), ideaUrl);
    await context.close();
  });

  test('each role starts on a page that says what to do today, and every link there opens', async () => {
    const base = server.baseURL;
    const expected = {
      samordnare: ['Att göra i dag', 'Möten den här veckan', 'Programmets effekter'],
      handlaggare: ['Att göra i dag', 'Möten den här veckan'],
      deltagare: ['Att göra i dag', 'Till Min sida'],
      foretag: ['Att göra i dag'],
      styrgrupp: ['Programmets effekter'],
      utvarderare: ['Programmets effekter'],
      admin: ['Dina sidor'],
    };
    for (const [username, headings] of Object.entries(expected)) {
      const context = await newContext(browser);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await logIn(page, base, username);
      const text = await page.locator('main').innerText();
      for (const heading of headings) {
        assert.ok(text.includes(heading), `${username}'s start page shows "${heading}"`);
      }
      assert.ok(!text.includes('Din roll har inga sidor här ännu'), `${username} has pages`);
      await checkBothWidths(page, `the start page of ${username}`);
      const links = await page.locator('main a[href^="/"]').evaluateAll((all) => [...new Set(all.map((a) => a.getAttribute('href')))]);
      for (const href of links) {
        const response = await page.request.get(`${base}${href}`);
        assert.equal(response.status(), 200, `${username}: ${href}`);
      }
      await context.close();
    }
  });
});
