// Import from a spreadsheet (issue 14): the coordinator chooses what to import, uploads a CSV
// with a bad row, reads the row report, uploads the fixed file and imports it; axe checks the
// page with its report at desktop width and at 320 px.
//
// The demo's people are born 1960–2003 (crates/app/src/demo/people.rs); the people imported
// here are born in February 1931, which no demo person is, with serial numbers from
// Skatteverket's test series (980–999) and a computed check digit.

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
  submitForm,
} from '../lib/browser.js';

const PROGRAMME = 'Sociala företag i Västervik';

/** The Luhn check digit of a string of digits, as Skatteverket computes it. */
function luhnDigit(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A personnummer born on 1931-02-`day` with a test-series serial. */
function personnummer(day, serial) {
  const ten = `3102${day}${serial}`;
  return `1931${ten.slice(2, 6)}-${serial}${luhnDigit(ten)}`;
}

/** Three people; when `broken`, the second row's check digit is mistyped. */
function spreadsheet(broken) {
  const rows = [
    [personnummer('03', '981'), 'Ingrid', 'Importsson', '2026-01-12'],
    [personnummer('04', '982'), 'Yusuf', 'Kalkylarksson', '2026-01-13'],
    [personnummer('05', '983'), 'Märta', 'Radsdotter', '2026-01-14'],
  ];
  if (broken) {
    const number = rows[1][0];
    rows[1][0] = `${number.slice(0, -1)}${(Number(number.at(-1)) + 1) % 10}`;
  }
  return ['personnummer;förnamn;efternamn;remissdatum', ...rows.map((r) => r.join(';'))].join('\r\n');
}

describe('Import from a spreadsheet, as the coordinator', () => {
  let server;
  let browser;
  let context;

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
    context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, server.baseURL, 'samordnare');
    await page.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function upload(page, csv) {
    await page.getByRole('radio', { name: 'Deltagare', exact: true }).check();
    await page.getByLabel('Fil', { exact: true }).setInputFiles({
      name: 'deltagarlista.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    const response = await submitForm(page, 'Ladda upp');
    assert.equal(response.status(), 303);
    assert.equal(await page.getByRole('heading', { name: '2. Välj kolumner och provkör' }).count(), 1);
  }

  test('the coordinator reads which row is wrong, fixes it and imports the file once', async (t) => {
    const { baseURL } = server;
    const page = await context.newPage();
    t.after(() => page.close());

    await page.goto(`${baseURL}/program`);
    await page.getByRole('link', { name: PROGRAMME, exact: true }).click();
    await page.getByRole('link', { name: 'Importera från kalkylark', exact: true }).click();
    await page.waitForURL(/\/program\/\d+\/import$/);
    const importURL = page.url();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Importera från kalkylark');
    // The three kinds, people chosen, and a template of each as CSV and XLSX.
    for (const kind of ['Deltagare', 'Inkomstmånader', 'Företag med årssiffror']) {
      assert.equal(await page.getByRole('radio', { name: kind, exact: true }).count(), 1);
    }
    assert.equal(await page.getByRole('link', { name: 'mall som XLSX' }).count(), 3);
    await assertNoAxeViolations(page, 'the import page');

    await upload(page, spreadsheet(true));
    const dryRun = await submitForm(page, 'Provkör');
    assert.equal(dryRun.status(), 200);
    const report = page.locator('.import-report');
    assert.match(await report.innerText(), /2 skapas/);
    assert.match(await report.innerText(), /1 kan inte importeras/);
    const wrongRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
    assert.match(await wrongRow.innerText(), /Kan inte importeras/);
    assert.match(await wrongRow.innerText(), /rad 3, personnummer: kontrollsiffran stämmer inte/);

    for (const viewport of [DESKTOP, NARROW]) {
      await page.setViewportSize(viewport);
      await assertNoAxeViolations(page, `the row report at ${viewport.width} px`);
      if (viewport === NARROW) {
        await assertNoHorizontalScroll(page, viewport.width, 'the row report');
      }
    }
    await page.setViewportSize(DESKTOP);

    // The fixed file: its columns are chosen by their names, and the import writes all three.
    await page.goto(importURL);
    await upload(page, spreadsheet(false));
    const imported = await submitForm(page, 'Importera');
    assert.equal(imported.status(), 200);
    assert.equal(await page.getByRole('heading', { name: 'Importen är klar' }).count(), 1);
    assert.match(await page.locator('.import-report').innerText(), /3 skapas/);

    // The same file again changes nothing.
    await page.goto(importURL);
    await upload(page, spreadsheet(false));
    await submitForm(page, 'Importera');
    assert.match(await page.locator('.import-report').innerText(), /3 är oförändrade/);

    await page.goto(`${baseURL}/personer?q=Kalkylarksson`);
    assert.match(await page.locator('.result-count').innerText(), /^1 person/);
  });
});
