// Business ideas: the coordinator creates an idea, moves it on the board and saves a business
// plan version, all by keyboard; axe at 1280 and 320 px on the board, its list alternative,
// an idea's page and the plan builder; the numbers step by step by keyboard, with a wrong value,
// the summary charts at the top of the plan and axe; the participant's view; and the board
// without JavaScript.

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

/** Presses Enter on `locator` and waits for the page the POST answers with; returns its response. */
async function pressToSubmit(page, locator) {
  await locator.focus();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.waitForEvent('load'),
    page.keyboard.press('Enter'),
  ]);
  return response;
}

describe('Business ideas: board, stages and the business plan', () => {
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

  test('the coordinator creates an idea, moves it on the board and saves a plan version, by keyboard', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, baseURL, 'samordnare');

    await page.goto(`${baseURL}/ideer/ny`);
    // A title left blank comes back with the message and the summary at the top.
    const blank = await pressToSubmit(page, page.getByRole('button', { name: 'Skapa affärsidén', exact: true }));
    assert.equal(blank.status(), 422);
    await page.getByRole('alert').getByText('Fyll i det här fältet.').first().waitFor();

    // The demo operator runs two programmes: the current one and the finished 2011–2013 project.
    await page.getByLabel('Program', { exact: true }).selectOption({ label: 'Sociala företag i Västervik' });
    await page.getByLabel('Titel', { exact: true }).fill('Båtvarvet');
    await page.getByLabel('Vad företaget säljer', { exact: true }).fill('Vinterförvaring av båtar');
    await page.getByLabel('Arbetsintegreringen', { exact: true }).fill('Arbetsträning på varvet');
    const created = await pressToSubmit(page, page.getByRole('button', { name: 'Skapa affärsidén', exact: true }));
    assert.equal(created.status(), 303);
    assert.match(page.url(), /\/ideer\/\d+$/);
    const ideaUrl = page.url();
    await page.getByRole('heading', { name: 'Båtvarvet', level: 1 }).waitFor();

    await page.goto(`${baseURL}/ideer`);
    const column = page.locator('section', { has: page.getByRole('heading', { name: /^Idé/, level: 2 }) });
    await column.getByRole('link', { name: 'Båtvarvet', exact: true }).waitFor();
    const move = page.getByRole('button', { name: /^Flytta till Förstudie\s*:\s*Båtvarvet$/ });
    const moved = await pressToSubmit(page, move);
    assert.equal(moved.status(), 303);
    const preStudy = page.locator('section', { has: page.getByRole('heading', { name: /^Förstudie/, level: 2 }) });
    await preStudy.getByRole('link', { name: 'Båtvarvet', exact: true }).waitFor();

    await page.goto(`${ideaUrl}/plan`);
    await page.getByLabel('Kunder', { exact: true }).fill('Båtägare i skärgården');
    await page.getByLabel('Hur många startar företaget tillsammans?', { exact: true }).fill('3');
    await page.getByLabel('Medlemmarna ska äga och bestämma tillsammans, en medlem en röst', { exact: true }).check();
    const saved = await pressToSubmit(page, page.getByRole('button', { name: 'Spara som ny version', exact: true }));
    assert.equal(saved.status(), 303);
    await page.getByRole('heading', { name: 'Version 1', level: 3 }).waitFor();
    assert.equal(await page.getByLabel('Kunder', { exact: true }).inputValue(), 'Båtägare i skärgården');
    await page.getByText('passar', { exact: false }).first().waitFor();
  });

  test('the board, the list, an idea and its plan pass axe at 1280 and 320 px', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, baseURL, 'samordnare');
    await page.goto(`${baseURL}/ideer`);
    const href = await page.getByRole('link', { name: 'Cykelverkstan Västervik', exact: true }).getAttribute('href');
    for (const viewport of [DESKTOP, NARROW]) {
      await page.setViewportSize(viewport);
      for (const path of ['/ideer', '/ideer?vy=lista', href, `${href}/plan`]) {
        await page.goto(`${baseURL}${path}`);
        await page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
        await assertNoAxeViolations(page, `${path} at ${viewport.width} px`);
        if (viewport === NARROW) {
          await assertNoHorizontalScroll(page, viewport.width, path);
        }
      }
    }
  });

  test('the participant sees the team idea with the coach comment but no stage buttons', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, baseURL, 'deltagare');
    await page.goto(`${baseURL}/min-sida`);
    await page.getByRole('link', { name: 'Till era affärsidéer', exact: true }).click();
    await page.getByRole('link', { name: 'Cykelverkstan Västervik', exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Flytta till/ }).count(), 0);
    await page.getByRole('link', { name: 'Cykelverkstan Västervik', exact: true }).click();
    await page.getByRole('link', { name: 'Affärsplanen', exact: true }).click();
    await page.getByText('Räkna också på vintern.', { exact: false }).waitFor();
    await assertNoAxeViolations(page, 'the plan as the participant sees it');
  });

  test('the team walks the numbers step by step by keyboard and sees the summary charts at the top of the plan', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, baseURL, 'samordnare');
    await page.goto(`${baseURL}/ideer`);
    const href = await page.getByRole('link', { name: 'Båtvarvet', exact: true }).getAttribute('href');
    await page.goto(`${baseURL}${href}/plan`);
    await page.getByRole('link', { name: 'Fyll i siffrorna (budget och likviditet)', exact: true }).click();
    await page.getByRole('heading', { name: 'Siffror i affärsplanen: Båtvarvet', level: 1 }).waitFor();

    const steps = page.getByRole('navigation', { name: 'Stegen i siffrorna' });
    /** Checks that the step list and the heading name `name` as the current step. */
    async function atStep(n, name) {
      await page.getByRole('heading', { name: `Steg ${n} av 5: ${name}`, level: 2 }).waitFor();
      assert.equal(await steps.locator('[aria-current="step"]').innerText(), name);
    }
    /** Presses "Nästa" with Enter and waits for the next step. */
    async function next(n, name) {
      const saved = await pressToSubmit(page, page.getByRole('button', { name: 'Nästa', exact: true }));
      assert.equal(saved.status(), 303);
      await atStep(n, name);
    }

    await atStep(1, 'Försäljning');
    await page.getByLabel('Första månaden med verksamhet', { exact: true }).fill('2026-09');
    const sales = page.getByRole('group', { name: 'Försäljning 1', exact: true });
    await sales.getByLabel('Vad ni säljer', { exact: true }).fill('Vinterförvaring');
    await sales.getByLabel('Pris per styck, kr utan moms', { exact: true }).fill('2 500');
    await sales.getByLabel('Antal första månaden', { exact: true }).fill('8');
    await sales.getByLabel('Momssats', { exact: true }).selectOption('25');
    await sales.getByLabel('Kunderna betalar', { exact: true }).selectOption('30');
    assert.ok(await page.getByRole('group', { name: /^Försäljning \d+$/ }).count() <= 3, 'a step shows few blank rows');
    for (const viewport of [DESKTOP, NARROW]) {
      await page.setViewportSize(viewport);
      await assertNoAxeViolations(page, `the sales step at ${viewport.width} px`);
      if (viewport === NARROW) {
        await assertNoHorizontalScroll(page, viewport.width, 'the sales step');
      }
    }
    await page.setViewportSize(DESKTOP);
    await next(2, 'Kostnader');

    const rent = page.getByRole('group', { name: 'Kostnad 1', exact: true });
    await rent.getByLabel('Kostnad', { exact: true }).fill('Hyra för hallen');
    await rent.getByLabel('Belopp per månad, kr utan moms (fast kostnad)', { exact: true }).fill('6 000');
    await next(3, 'Personal');

    const staff = page.getByRole('group', { name: 'Personal 1', exact: true });
    await staff.getByLabel('Roll', { exact: true }).fill('Varvsarbetare');
    await staff.getByLabel('Bruttolön per månad för en heltid, kr', { exact: true }).fill('26 000');
    await staff.getByLabel('Antal personer eller heltider', { exact: true }).fill('1');
    await staff.getByLabel('Lönestöd per person och månad, kr', { exact: true }).fill('10 000');
    await next(4, 'Start och finansiering');

    const loan = page.getByRole('group', { name: 'Finansiering 1', exact: true });
    await loan.getByLabel('Varifrån', { exact: true }).fill('Lån från banken');
    await loan.getByLabel('Typ', { exact: true }).selectOption('loan');
    await loan.getByLabel('Belopp, kr', { exact: true }).fill('hundra tusen');
    await loan.getByLabel('Ränta per år, procent (bara lån)', { exact: true }).fill('6');
    await loan.getByLabel('Löptid i månader (bara lån)', { exact: true }).fill('48');
    await loan.getByLabel('Månader utan amortering (bara lån)', { exact: true }).fill('0');
    // A wrong amount brings the same step back with the input and a message; nothing is lost.
    const refused = await pressToSubmit(page, page.getByRole('button', { name: 'Nästa', exact: true }));
    assert.equal(refused.status(), 422);
    await atStep(4, 'Start och finansiering');
    await page.getByRole('alert').getByText('Skriv ett belopp i kronor', { exact: false }).first().waitFor();
    assert.equal(await loan.getByLabel('Varifrån', { exact: true }).inputValue(), 'Lån från banken');
    await assertNoAxeViolations(page, 'the step with an error');
    await loan.getByLabel('Belopp, kr', { exact: true }).fill('100 000');
    await next(5, 'Resultat');

    await page.getByRole('img', { name: /^Kassan vid slutet av varje månad/ }).waitFor();
    await page.getByRole('table', { name: 'Likviditetsbudget' }).waitFor();
    const pdf = page.getByRole('link', { name: 'Ladda ner som PDF', exact: true });
    assert.match(await pdf.getAttribute('href'), /\/plan\/versioner\/\d+\/pdf$/);
    for (const viewport of [DESKTOP, NARROW]) {
      await page.setViewportSize(viewport);
      await page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
      await assertNoAxeViolations(page, `the results step at ${viewport.width} px`);
      if (viewport === NARROW) {
        await assertNoHorizontalScroll(page, viewport.width, 'the results step');
      }
    }
    await page.setViewportSize(DESKTOP);

    // Going back keeps what every step saved.
    await page.getByRole('link', { name: 'Föregående', exact: true }).click();
    await atStep(4, 'Start och finansiering');
    assert.equal(await loan.getByLabel('Belopp, kr', { exact: true }).inputValue(), '100 000');
    await steps.getByRole('link', { name: 'Kostnader', exact: true }).click();
    await atStep(2, 'Kostnader');
    assert.equal(await rent.getByLabel('Kostnad', { exact: true }).inputValue(), 'Hyra för hallen');

    // The plan opens with the summary: the liquidity sentence and the three charts, before the text.
    await page.goto(`${baseURL}${href}/plan`);
    const summary = page.getByRole('region', { name: 'Sammanfattning av siffrorna' });
    await summary.getByText(/^Kassan räcker/).first().waitFor();
    assert.equal(await summary.getByRole('img').count(), 3);
    const summaryTop = (await summary.boundingBox()).y;
    const textTop = (await page.getByLabel('Kunder', { exact: true }).boundingBox()).y;
    assert.ok(summaryTop < textTop, 'the summary comes before the plan text');
    for (const viewport of [DESKTOP, NARROW]) {
      await page.setViewportSize(viewport);
      await page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
      await assertNoAxeViolations(page, `the plan with its summary at ${viewport.width} px`);
      if (viewport === NARROW) {
        await assertNoHorizontalScroll(page, viewport.width, 'the plan with its summary');
      }
    }
  });

  test('the board moves an idea without JavaScript', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser, { javaScriptEnabled: false });
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, baseURL, 'samordnare');
    await page.goto(`${baseURL}/ideer`);
    const move = page.getByRole('button', { name: /^Flytta till Förstudie\s*:\s*Grönt & gott trädgårdstjänster$/ });
    await Promise.all([page.waitForEvent('load'), move.click()]);
    const preStudy = page.locator('section', { has: page.getByRole('heading', { name: /^Förstudie/, level: 2 }) });
    await preStudy.getByRole('link', { name: 'Grönt & gott trädgårdstjänster', exact: true }).waitFor();
  });
});
