// Reports a non-statistician understands and exports that open right in Swedish Excel (issue
// 18, items 3 and 8): the coordinator opens the change report and the effects page of the demo
// programme, finds a plain Swedish sentence beside the confidence interval, prints the report
// with the programme, its period and the date on it, and downloads CSV files that start with
// the byte-order mark, are separated by semicolons and carry Swedish headers and values.

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
const PERIOD = /\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}/;
const SENTENCE = /(ökade|minskade) i genomsnitt med [\d,]+ (poäng|månader)|Ingen tydlig förändring/;

/** The downloaded file's bytes, after checking that it is a CSV attachment. */
async function download(context, url) {
  const response = await context.request.get(url);
  assert.equal(response.status(), 200, `${url} downloads`);
  assert.match(response.headers()['content-type'], /^text\/csv/);
  return response.body();
}

/** Checks the bytes are a CSV for Swedish Excel and returns its text without the BOM. */
function assertSwedishExcel(bytes, label) {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${label} starts with the UTF-8 BOM`);
  const text = bytes.subarray(3).toString('utf8');
  const rows = text.split('\r\n').filter((row) => row.includes(';'));
  assert.ok(rows.length > 0, `${label} is separated by semicolons`);
  return text;
}

describe('Reports in plain words and exports for Swedish Excel: the coordinator', () => {
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

  async function coordinator(t) {
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'samordnare');
    await page.goto(`${server.baseURL}/program`);
    const href = await page.getByRole('link', { name: PROGRAMME, exact: true }).first().getAttribute('href');
    return { context, page, href };
  }

  test('the change report says in a sentence beside the CI what it means, prints with programme, period and date, and its CSV opens in Swedish Excel', async (t) => {
    const { context, page, href } = await coordinator(t);
    await page.goto(`${server.baseURL}${href}/matt?instrument=who5`);

    const summary = page.locator('table.summary');
    await assert.doesNotReject(summary.getByRole('rowheader', { name: '95 % konfidensintervall' }).waitFor());
    const plain = page.getByRole('region', { name: 'Vad betyder det?' });
    assert.match(await plain.innerText(), SENTENCE, 'a plain sentence about the change');
    assert.match(await plain.innerText(), /med 95 % säkerhet/, 'the interval in words');
    const order = await page.evaluate(() => {
      const table = document.querySelector('table.summary');
      const words = document.querySelector('section.plain');
      return Boolean(table.compareDocumentPosition(words) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(order, 'the sentence comes right after the table with the CI');

    assert.equal(await page.locator('#f-instrument option', { hasText: 'WHO-5' }).count(), 1, 'each instrument listed once');
    assert.match(await page.locator('#trend-heading + p').innerText(), /inte samma personer/);

    await page.emulateMedia({ media: 'print' });
    const printed = page.locator('.printmeta');
    assert.ok(await printed.isVisible(), 'the printed page has its header line');
    const line = await printed.innerText();
    assert.ok(line.includes(PROGRAMME), `programme name on paper: ${line}`);
    assert.match(line, PERIOD, 'the programme period on paper');
    assert.match(line, /utskrivet \d{4}-\d{2}-\d{2}/, 'the date on paper');
    assert.ok(!(await page.locator('form.filters').isVisible()), 'the form is not printed');
    await page.emulateMedia({ media: 'screen' });

    const link = page.getByRole('link', { name: 'Ladda ner CSV', exact: true });
    const url = new URL(await link.getAttribute('href'), page.url()).toString();
    const text = assertSwedishExcel(await download(context, url), 'the scores');
    assert.ok(text.startsWith('pseudonym;kön;åldersgrupp;tillfälle;svarsdatum;poäng'), text.slice(0, 80));
    assert.ok(text.includes(';vid start;'), 'occasions in Swedish words');
    assert.match(text, /;(kvinna|man|okänt);/, 'sex in Swedish words');

    for (const viewport of [DESKTOP, NARROW]) {
      await page.setViewportSize(viewport);
      if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, 'change report');
      await assertNoAxeViolations(page, `change report at ${viewport.width} px`);
    }
  });

  test('the effects page explains effect 1 in words beside its CI, and the funder statistics download for Swedish Excel', async (t) => {
    const { context, page, href } = await coordinator(t);
    await page.goto(`${server.baseURL}${href}/effekter`);
    const effect = page.locator('section#effekt-1');
    assert.match(await effect.locator('dl.facts').innerText(), /95 % konfidensintervall/);
    const words = effect.locator('.plain');
    assert.equal(await words.count(), 1, 'effect 1 has its sentences');
    assert.match(await words.innerText(), /offentlig försörjning/);
    assert.match(await words.innerText(), /p-värdet/, 'and the p-value in words');
    assert.match(await page.locator('.printmeta').innerText(), PERIOD);

    const bytes = await download(context, `${server.baseURL}${href}/finansiarer.csv`);
    const text = assertSwedishExcel(bytes, 'the funder statistics');
    assert.match(text, /Kvinnor|Kvinna|kvinnor/, 'Swedish values');

    for (const viewport of [DESKTOP, NARROW]) {
      await page.setViewportSize(viewport);
      if (viewport === NARROW) await assertNoHorizontalScroll(page, NARROW.width, 'effects page');
      await assertNoAxeViolations(page, `effects page at ${viewport.width} px`);
    }
  });
});
