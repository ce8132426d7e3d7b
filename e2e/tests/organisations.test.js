// An administrator creates and edits an organisation in Swedish, with JavaScript on, and
// meets the error summary when the form is wrong.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import { launchChromium, logIn, newContext, orgNumber, submitForm, uniqueNineDigits } from '../lib/browser.js';

describe('Organisations, as an administrator with JavaScript', () => {
  let server;
  let browser;
  let context;
  let page;

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
    context = await newContext(browser);
    page = await context.newPage();
    await logIn(page, server.baseURL, 'admin');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an administrator creates an organisation and then edits its name, and a wrong edit is refused', async () => {
    const { baseURL } = server;
    const number = orgNumber(uniqueNineDigits());

    await page.goto(`${baseURL}/organisationer`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    await page.getByRole('link', { name: 'Ny organisation', exact: true }).click();
    await page.waitForURL(`${baseURL}/organisationer/ny`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Ny organisation');

    await page.getByLabel('Namn', { exact: true }).fill('Kustens arbetsintegrerande förening');
    await page.getByLabel('Kortnamn', { exact: true }).fill('kustens-e2e');
    await page.getByLabel('Typ', { exact: true }).selectOption('other');
    await page.getByLabel('Organisationsnummer', { exact: true }).fill(number);
    await page.getByRole('button', { name: 'Spara', exact: true }).click();

    await page.waitForURL(/\/organisationer\/\d+$/);
    const detailURL = page.url();
    assert.equal(await page.getByRole('status').innerText(), 'Organisationen är skapad.');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Kustens arbetsintegrerande förening');
    const facts = await page.locator('dl.facts').innerText();
    assert.match(facts, /kustens-e2e/);
    assert.match(facts, new RegExp(number.replace('-', '-?')));

    await page.getByRole('link', { name: 'Ändra', exact: true }).click();
    await page.waitForURL(`${detailURL}/redigera`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Ändra organisation');
    const name = page.getByLabel('Namn', { exact: true });
    assert.equal(await name.inputValue(), 'Kustens arbetsintegrerande förening');

    // A wrong edit is refused the same way as a wrong new organisation.
    await name.fill('');
    await page.getByLabel('Organisationsnummer', { exact: true }).fill('12345');
    const refused = await submitForm(page, 'Spara');
    assert.equal(refused.status(), 422);
    assert.equal(new URL(page.url()).pathname, new URL(`${detailURL}/redigera`).pathname);
    assert.equal(await page.locator('.error-summary h2').innerText(), 'Det finns fel i formuläret');
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    assert.equal(await page.getByLabel('Kortnamn', { exact: true }).inputValue(), 'kustens-e2e');
    assert.equal(await page.getByLabel('Organisationsnummer', { exact: true }).inputValue(), '12345');

    await name.fill('Kustens sociala företag');
    await page.getByLabel('Organisationsnummer', { exact: true }).fill(number);
    const saved = await submitForm(page, 'Spara');
    assert.equal(saved.status(), 303);
    assert.equal(page.url(), detailURL);
    assert.equal(await page.getByRole('status').innerText(), 'Ändringarna är sparade.');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Kustens sociala företag');

    await page.goto(`${baseURL}/organisationer`);
    assert.equal(await page.getByRole('link', { name: 'Kustens sociala företag', exact: true }).count(), 1);
  });

  test('an empty name and a bad organisationsnummer give a Swedish error summary that gets focus and keeps the input', async () => {
    const { baseURL } = server;
    await page.goto(`${baseURL}/organisationer/ny`);
    await page.getByLabel('Kortnamn', { exact: true }).fill('fel-e2e');
    await page.getByLabel('Typ', { exact: true }).selectOption('region');
    await page.getByLabel('Organisationsnummer', { exact: true }).fill('12345');
    const response = await submitForm(page, 'Spara');
    assert.equal(response.status(), 422);

    // The form is shown again at the same address, not saved.
    assert.equal(new URL(page.url()).pathname, '/organisationer/ny');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await summary.getByRole('heading').innerText(), 'Det finns fel i formuläret');

    const links = summary.getByRole('link');
    assert.deepEqual(
      await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['#f-name', '#f-org_number'],
    );
    assert.equal(await links.nth(0).innerText(), 'Fyll i det här fältet.');
    assert.match(await links.nth(1).innerText(), /^Organisationsnumret har 5 siffror men ska ha 10/);

    // app.js moves focus to the summary so that a screen reader reads it first.
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));

    // What was typed is kept, and each wrong field is marked and described by its message.
    assert.equal(await page.getByLabel('Namn', { exact: true }).inputValue(), '');
    assert.equal(await page.getByLabel('Kortnamn', { exact: true }).inputValue(), 'fel-e2e');
    assert.equal(await page.getByLabel('Typ', { exact: true }).inputValue(), 'region');
    const orgNumberInput = page.getByLabel('Organisationsnummer', { exact: true });
    assert.equal(await orgNumberInput.inputValue(), '12345');
    assert.equal(await orgNumberInput.getAttribute('aria-invalid'), 'true');
    assert.match(await orgNumberInput.getAttribute('aria-describedby'), /\bf-org_number-error\b/);
    assert.equal(await page.getByLabel('Namn', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#f-org_number-error').innerText(), /Fel:\s*Organisationsnumret har 5 siffror/);

    // A link in the summary takes the user to the field.
    await links.nth(1).click();
    await page.waitForFunction(() => document.activeElement?.id === 'f-org_number');

    // Nothing was created.
    await page.goto(`${baseURL}/organisationer`);
    assert.equal(await page.getByText('fel-e2e', { exact: true }).count(), 0);
  });
});
