// Questionnaires: a participant on a phone answers WHO-5 one question at a time with the
// keyboard and by touch, saving on the way; the same works without JavaScript; the coordinator
// and the steering group read the change report; axe on every questionnaire page at desktop
// and phone width.
//
// The demo schedules WHO-5 and work ability every three months, and leaves the demo
// participant's (Linnea Berg, login `deltagare`) ongoing questionnaires due.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import {
  DESKTOP,
  NARROW,
  assertNoAxeViolations,
  assertNoHorizontalScroll,
  focusInfo,
  launchChromium,
  logIn,
  newContext,
  submitForm,
} from '../lib/browser.js';

const PROGRAMME = 'Sociala företag i Västervik';

describe('Questionnaires: answering in the portal, the due lists and the change report', () => {
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

  /** A page logged in as `user` in a context of its own, closed when the test ends. */
  async function pageAs(t, user, options = {}) {
    const context = await newContext(browser, options);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, user);
    return page;
  }

  async function programmeHref(page) {
    await page.goto(`${server.baseURL}/program`);
    return page.getByRole('link', { name: PROGRAMME, exact: true }).first().getAttribute('href');
  }

  test('a participant on a phone answers WHO-5 one question at a time by keyboard and touch, and can save and resume', async (t) => {
    const page = await pageAs(t, 'deltagare', { viewport: NARROW, hasTouch: true, isMobile: true });
    await page.goto(`${server.baseURL}/min-sida`);
    await page.getByRole('link', { name: 'Mina enkäter', exact: true }).first().click();
    await assertNoAxeViolations(page, 'my questionnaires (320 px)');
    await assertNoHorizontalScroll(page, NARROW.width, 'my questionnaires');
    const start = page.getByRole('link', { name: /^Börja.*WHO-5/ });
    await start.click();
    await page.waitForURL(/\/who5\/ongoing-3\?fraga=1/);
    await assert.doesNotReject(page.getByText('Fråga 1 av 5', { exact: true }).waitFor());
    await assertNoAxeViolations(page, 'WHO-5 question 1 (320 px)');
    await assertNoHorizontalScroll(page, NARROW.width, 'WHO-5 question 1');

    // Questions 1–3 with the keyboard: Tab into the radio group, arrows to choose, Enter to go on.
    for (let n = 1; n <= 3; n += 1) {
      const firstOption = page.locator('fieldset.question input[type=radio]').first();
      await firstOption.focus();
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
      const focus = await focusInfo(page);
      assert.equal(focus.tag, 'INPUT', `a radio button has focus on question ${n}`);
      assert.ok(focus.visible, `the focus on question ${n} is visible`);
      await Promise.all([page.waitForURL(new RegExp(`fraga=${n + 1}`)), page.keyboard.press('Enter')]);
      await assert.doesNotReject(page.getByText(`Fråga ${n + 1} av 5`, { exact: true }).waitFor());
    }

    // Save and come back later: the answers so far are kept.
    await page.getByRole('button', { name: 'Spara och fortsätt senare', exact: true }).tap();
    await page.waitForURL(/\/min-sida\/enkater$/);
    await page.getByRole('link', { name: /^Fortsätt.*WHO-5/ }).tap();
    await page.waitForURL(/fraga=1/);
    assert.ok(await page.locator('fieldset.question input[type=radio]:checked').count() === 1, 'question 1 keeps its answer');
    await page.goto(page.url().replace('fraga=1', 'fraga=4'));

    // Questions 4 and 5 by touch, on the option's label (a large target).
    await page.locator('fieldset.question .option label').nth(4).tap();
    await page.getByRole('button', { name: 'Nästa fråga', exact: true }).tap();
    await page.waitForURL(/fraga=5/);
    await page.locator('fieldset.question .option label').nth(5).tap();
    const response = await submitForm(page, 'Skicka in svaren');
    assert.equal(response.status(), 303);
    await assert.doesNotReject(page.getByText('Tack! Svaren är inskickade.').waitFor());
    const answered = page.getByRole('region', { name: 'Enkäter du har besvarat' }).or(page.locator('#my-answered + ul'));
    await assert.doesNotReject(answered.getByText(/WHO-5/).first().waitFor());
  });

  test('the work-ability question can be answered without JavaScript, all questions on one page', async (t) => {
    const page = await pageAs(t, 'deltagare', { javaScriptEnabled: false });
    await page.goto(`${server.baseURL}/min-sida/enkater`);
    await page.getByRole('link', { name: /^Visa alla frågor på en sida.*arbetsförmåga/i }).click();
    const blank = await submitForm(page, 'Skicka in svaren');
    assert.equal(blank.status(), 422, 'sending without an answer is refused with a message');
    await assert.doesNotReject(page.getByText(/Fråga 1 är inte besvarad\./).first().waitFor());
    await page.locator('fieldset.question .option label').nth(7).click();
    const sent = await submitForm(page, 'Skicka in svaren');
    assert.equal(sent.status(), 303);
    await assert.doesNotReject(page.getByText('Tack! Svaren är inskickade.').waitFor());
  });

  test('the coordinator reads the change in WHO-5 with its confidence interval, charts and tables', async (t) => {
    const page = await pageAs(t, 'samordnare');
    const href = await programmeHref(page);
    await page.goto(`${server.baseURL}${href}`);
    await page.getByRole('link', { name: 'Förändring i enkätsvar', exact: true }).click();
    await assert.doesNotReject(page.getByRole('cell', { name: '95 % konfidensintervall' }).or(page.getByRole('rowheader', { name: '95 % konfidensintervall' })).waitFor());
    assert.ok(await page.locator('svg[role=img]').count() >= 3, 'distribution, slope and trend charts');
    await page.getByLabel('Enkät', { exact: true }).selectOption('srh');
    await page.getByLabel('Dela upp efter', { exact: true }).selectOption('sex');
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await assert.doesNotReject(page.getByRole('rowheader', { name: /Gott hälsotillstånd före/ }).waitFor());
    await assert.doesNotReject(page.getByRole('heading', { name: 'Per grupp' }).waitFor());
    await assertNoAxeViolations(page, 'change report (desktop)');
    await page.setViewportSize(NARROW);
    await assertNoAxeViolations(page, 'change report (320 px)');
    await assertNoHorizontalScroll(page, NARROW.width, 'change report');
  });

  test('the steering group sees the change with small numbers hidden and no export', async (t) => {
    const page = await pageAs(t, 'styrgrupp');
    const href = await programmeHref(page);
    await page.goto(`${server.baseURL}${href}/matt?instrument=who5&grupp=age-band`);
    await assert.doesNotReject(page.getByText(/Tal under 5 döljs i den här rapporten/).waitFor());
    assert.equal(await page.getByRole('link', { name: 'Ladda ner CSV' }).count(), 0);
    const hidden = await page.getByText('Döljs', { exact: true }).count();
    assert.ok(hidden > 0, 'some age band is too small to show');
    await assertNoAxeViolations(page, 'change report for the steering group');
  });

  const PAGES = [
    { name: 'questionnaire schedule', open: async (page) => `${await programmeHref(page)}/enkater` },
    { name: 'questionnaires due', open: async () => '/enkater' },
    { name: 'questionnaire definitions', open: async () => '/enkater/instrument' },
  ];

  for (const spec of PAGES) {
    for (const viewport of [DESKTOP, NARROW]) {
      test(`the ${spec.name} page has no axe violations at ${viewport.width} px`, async (t) => {
        const page = await pageAs(t, 'samordnare', { viewport });
        const response = await page.goto(server.baseURL + (await spec.open(page)));
        assert.equal(response.status(), 200);
        await assertNoAxeViolations(page, `${spec.name} (${viewport.width} px)`);
        if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, spec.name);
      });
    }
  }

  test('the coordinator enters a paper form from the due list, and a missing date is explained with the input kept', async (t) => {
    const page = await pageAs(t, 'samordnare');
    await page.goto(`${server.baseURL}/enkater`);
    await page.getByRole('link', { name: /^Mata in svar.*WHO-5/ }).first().click();
    await assertNoAxeViolations(page, 'paper entry form');
    await page.getByLabel('Hur svaren samlades in', { exact: true }).selectOption('paper');
    const options = page.locator('fieldset.question');
    for (let q = 0; q < 5; q += 1) await options.nth(q).locator('.option label').nth(3).click();
    const refused = await submitForm(page, 'Skicka in svaren');
    assert.equal(refused.status(), 422);
    await assert.doesNotReject(page.getByRole('alert').getByRole('link', { name: /Datum för svaren|Fältet|fyll/i }).first().waitFor());
    assert.equal(await page.getByLabel('Hur svaren samlades in', { exact: true }).inputValue(), 'paper', 'the choice is kept');
    assert.equal(await page.locator('fieldset.question input:checked').count(), 5, 'the answers are kept');
    await assertNoAxeViolations(page, 'paper entry form with errors');
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Datum för svaren', { exact: true }).fill(today);
    const saved = await submitForm(page, 'Skicka in svaren');
    assert.equal(saved.status(), 303);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Enkäter för perioden' }).waitFor());
  });
});
