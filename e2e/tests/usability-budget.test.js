// The usability budget (issue 18, item 11): each of the coordinator's eight most common tasks
// takes at most three page loads from the start page, following the links and buttons a user
// sees, and every page on the way is free of axe violations at 1280 and 320 px.
//
// A page load is a load of the main frame: following a link, or posting a form (its redirect
// to the page that shows the result is part of the same load). Opening a <details> on the page
// is not a load. Each task starts from a fresh visit to /start, which is not counted.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import { DESKTOP, NARROW, assertNoAxeViolations, launchChromium, logIn, newContext } from '../lib/browser.js';

const BUDGET = 3;
const PROGRAMME = 'Sociala företag i Västervik';
const GIVEN = 'Budget';
const FAMILY = 'Provsson';
const NAME = `${GIVEN} ${FAMILY}`;

/** A personnummer `YYYYMMDD-NNNC` for `date` (YYYY-MM-DD) and a three-digit serial. */
function personnummer(date, serial) {
  const [year, month, day] = date.split('-');
  const digits = `${year.slice(2)}${month}${day}${serial}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${year}${month}${day}-${serial}${(10 - (sum % 10)) % 10}`;
}

/** `date` (YYYY-MM-DD) moved by `days` days. */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * One task walked from the start page: counts the main frame's loads and runs axe at both
 * widths on every page reached.
 */
class Task {
  constructor(page, baseURL, name) {
    this.page = page;
    this.baseURL = baseURL;
    this.name = name;
    this.loads = 0;
    this.visited = [];
    this.onLoad = () => {
      this.loads += 1;
    };
  }

  async start() {
    await this.page.setViewportSize(DESKTOP);
    await this.page.goto(`${this.baseURL}/start`);
    await this.checkPage();
    this.page.on('load', this.onLoad);
  }

  /** Runs `action` (a click or a key press) and waits for the page it loads. */
  async load(action) {
    const before = this.loads;
    await Promise.all([this.page.waitForEvent('load'), action()]);
    assert.equal(this.loads, before + 1, `${this.name}: one action, one page load`);
    await this.checkPage();
  }

  /** Follows the visible link named `name` (a string matches exactly, or a RegExp). */
  async follow(name, scope = this.page.locator('main')) {
    const link = scope.getByRole('link', typeof name === 'string' ? { name, exact: true } : { name }).first();
    assert.ok(await link.isVisible(), `${this.name}: the link ${name} is visible on ${this.page.url()}`);
    await this.load(() => link.click());
  }

  /** Follows a link in the main menu. */
  async menu(name) {
    await this.follow(name, this.page.getByRole('navigation', { name: /meny/i }));
  }

  /** Submits with the button named `name` inside `scope`. */
  async submit(scope, name) {
    const button = scope.getByRole('button', { name, exact: true });
    await this.load(() => button.click());
  }

  async checkPage() {
    const label = `${this.name}: ${new URL(this.page.url()).pathname}`;
    this.visited.push(label);
    for (const viewport of [DESKTOP, NARROW]) {
      await this.page.setViewportSize(viewport);
      await assertNoAxeViolations(this.page, `${label} at ${viewport.width} px`);
    }
    await this.page.setViewportSize(DESKTOP);
  }

  finish() {
    this.page.off('load', this.onLoad);
    assert.ok(
      this.loads <= BUDGET,
      `${this.name} took ${this.loads} page loads from the start page (budget ${BUDGET}): ${this.visited.join(' → ')}`,
    );
    return this.loads;
  }
}

/** Opens the <details> whose summary starts with `text`, inside `scope`. */
async function open(scope, text) {
  const details = scope.locator('details').filter({
    has: scope.page().locator(':scope > summary', { hasText: new RegExp(`^\\s*${text}`) }),
  }).first();
  await details.locator(':scope > summary').click();
  return details;
}

describe('The coordinator\'s usability budget', () => {
  let server;
  let browser;
  let page;
  let today;
  const loads = {};

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
    const context = await newContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, server.baseURL, 'samordnare');
  });

  after(async () => {
    if (Object.keys(loads).length > 0) {
      console.log('page loads per task:', loads);
    }
    await browser?.close();
    await server?.stop();
  });

  /** Walks `name` from the start page through `steps`, asserting the budget. */
  async function task(name, steps) {
    const t = new Task(page, server.baseURL, name);
    await t.start();
    await steps(t);
    loads[name] = t.finish();
  }

  /** The person page of the person registered in the first task, from the start page. */
  async function toPerson(t) {
    await t.menu('Deltagare');
    await t.follow(NAME, page.locator('main table'));
  }

  /** The episode section of the person page. */
  const episode = () => page.locator('section.episode').first();

  test('register a referral', async () => {
    await task('register a referral', async (t) => {
      await t.follow('Registrera en remiss');
      today = await page.getByLabel('Remissdatum', { exact: true }).inputValue();
      await page.getByLabel('Program', { exact: true }).selectOption({ label: PROGRAMME });
      await page.getByLabel('Remissdatum', { exact: true }).fill(addDays(today, -30));
      await page.getByLabel('Remitterande part', { exact: true }).selectOption({ label: 'Västerviks kommun' });
      await page.getByLabel('Personnummer', { exact: true }).fill(personnummer('1999-12-30', '986'));
      await page.getByLabel('Förnamn', { exact: true }).fill(GIVEN);
      await page.getByLabel('Efternamn', { exact: true }).fill(FAMILY);
      await t.submit(page.locator('main'), 'Registrera remissen');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), NAME);
    });
  });

  test('record consent', async () => {
    await task('record consent', async (t) => {
      await t.follow(/^Remisser: /);
      await t.follow(NAME, page.locator('main table'));
      const form = episode().locator('form[action$="/samtycke"]');
      await form.getByLabel('Datum', { exact: true }).fill(addDays(today, -20));
      await form.getByLabel('Form', { exact: true }).selectOption({ label: 'På papper' });
      await form.getByRole('checkbox').check();
      await t.submit(form, 'Registrera samtycket och skriv in');
      assert.equal(await page.getByRole('status').innerText(), 'Samtycket är registrerat.');
    });
  });

  test('intake', async () => {
    await task('intake', async (t) => {
      await toPerson(t);
      const form = episode().locator('form[action$="/inskrivning"]');
      await form.getByLabel('Utbildning', { exact: true }).selectOption({ label: 'Gymnasial utbildning 3 år' });
      await form.getByLabel('Sysselsättning', { exact: true }).selectOption({ label: 'Sjukskriven' });
      await form.getByLabel('Omfattning i procent av heltid', { exact: true }).fill('100');
      await form.getByLabel('Tid utanför arbetsmarknaden', { exact: true }).selectOption({ label: '1–2 år' });
      await form.getByLabel('Tid med offentlig försörjning', { exact: true }).selectOption({ label: '2–5 år' });
      await t.submit(form, 'Spara och starta');
      assert.equal(await page.getByRole('status').innerText(), 'Uppgifterna vid inskrivning är sparade.');
    });
  });

  test('write a plan step', async () => {
    // A step belongs to a goal: the goal is written first, as its own task of one load on the
    // person page, and is not part of the step's budget.
    await page.goto(`${server.baseURL}/start`);
    await page.getByRole('navigation', { name: /meny/i }).getByRole('link', { name: 'Deltagare', exact: true }).click();
    await page.locator('main table').getByRole('link', { name: NAME, exact: true }).click();
    const addGoal = await open(episode(), 'Lägg till mål');
    await addGoal.getByLabel('Mål', { exact: true }).fill('Prova arbetsträning');
    await Promise.all([page.waitForEvent('load'), addGoal.locator('form').getByRole('button', { name: 'Lägg till mål' }).click()]);

    await task('write a plan step', async (t) => {
      await toPerson(t);
      const addStep = await open(episode(), 'Lägg till steg');
      await addStep.getByLabel('Steg', { exact: true }).fill('Boka ett studiebesök');
      await addStep.getByLabel('Vem gör det?', { exact: true }).selectOption({ label: 'Tillsammans' });
      await t.submit(addStep.locator('form'), 'Lägg till steg');
      assert.equal(await page.getByRole('status').innerText(), 'Steget är tillagt.');
    });
  });

  test('record a month of income', async () => {
    await task('record a month of income', async (t) => {
      await toPerson(t);
      const income = page.getByRole('region', { name: 'Försörjning månad för månad' });
      const form = await open(income, 'Registrera försörjning');
      const month = today.slice(0, 7);
      await form.getByLabel('Från månad', { exact: true }).fill(month);
      await form.getByLabel('Till och med månad', { exact: true }).fill(month);
      await form.getByLabel('Försörjningskälla', { exact: true }).selectOption({ label: 'Sjukpenning eller rehabiliteringspenning' });
      await form.getByLabel('Andel av heltid i procent', { exact: true }).fill('100');
      await t.submit(form.locator('form'), 'Registrera försörjning');
      assert.equal(await page.getByRole('status').innerText(), 'Inkomsterna är sparade.');
    });
  });

  test('record a follow-up', async () => {
    await task('record a follow-up', async (t) => {
      await t.follow(/uppföljning/i);
      const row = page.locator('main tbody tr').first();
      const href = await row.getByRole('link').first().getAttribute('href');
      await t.follow(/.+/, row);
      const item = page.locator(`li#${href.split('#')[1]}`);
      const form = await open(item, 'Registrera uppföljning');
      await form.getByLabel('Datum för uppföljningen', { exact: true }).fill(today);
      await form.getByLabel('Sysselsättning', { exact: true }).selectOption({ label: 'Arbete utan stöd' });
      await form.getByLabel('Omfattning i procent av heltid', { exact: true }).fill('50');
      await t.submit(form.locator('form'), 'Registrera uppföljning');
      assert.match(await item.innerText(), new RegExp(`gjord ${today}`));
    });
  });

  test('see what is due', async () => {
    await task('see what is due', async (t) => {
      // The start page itself says what is due today, each line a link to the list.
      const todo = page.getByRole('region', { name: 'Att göra i dag' });
      assert.match(await todo.innerText(), /Remisser: \d+ nya/);
      await t.follow(/enkät/i, todo);
      assert.equal(new URL(page.url()).pathname, '/enkater');
    });
  });

  test('open the programme\'s effects', async () => {
    await task('open the programme\'s effects', async (t) => {
      await t.follow(`Effekterna av ${PROGRAMME}`);
      assert.match(new URL(page.url()).pathname, /^\/program\/\d+\/effekter$/);
    });
  });
});
