// Issue 14's "done means" for accounts from the web and the second factor: the coordinator
// invites a demo participant from the person page, the participant opens the one-time link on a
// phone (390×844), chooses a password, logs in and answers WHO-5; then turns on two-step
// verification and logs in again with a code. Codes are computed here as an authenticator app
// does (RFC 6238: HMAC-SHA1 over the 30-second step, six digits) with Node's crypto.
// axe (WCAG 2.2 AA) on every new page.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import {
  assertNoAxeViolations,
  assertNoHorizontalScroll,
  launchChromium,
  logIn,
  newContext,
  submitForm,
} from '../lib/browser.js';

const PHONE = { width: 390, height: 844 };
const PERSON = 'Johan Ekdahl';
const PASSWORD = 'ett eget långt lösenord';

/** Bytes of an unpadded RFC 4648 base32 text. */
function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(c);
    assert.ok(value >= 0, `base32 character ${c}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The six-digit RFC 6238 code of `secret` for the 30-second step `steps` away from now. */
function totp(secret, steps = 0) {
  const counter = Math.floor(Date.now() / 1000 / 30) + steps;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Bytes(secret)).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

test('the TOTP helper gives the RFC 6238 test vector', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  const realNow = Date.now;
  Date.now = () => 59_000;
  try {
    assert.equal(totp(secret), '287082');
  } finally {
    Date.now = realNow;
  }
});

describe('Invited from the person page, a participant answers WHO-5 on a phone and logs in with a second factor', () => {
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

  test('invite, activate, answer WHO-5, turn on two-step verification and log in with a code', async (t) => {
    const staffContext = await newContext(browser);
    t.after(() => staffContext.close());
    const staff = await staffContext.newPage();
    await logIn(staff, server.baseURL, 'samordnare');
    await staff.goto(`${server.baseURL}/personer`);
    await staff.getByRole('link', { name: PERSON, exact: true }).first().click();
    await staff.getByRole('link', { name: 'Bjud in till Stegvis', exact: true }).click();
    await staff.waitForURL(/\/bjud-in$/);
    assert.equal(await staff.getByLabel('Användarnamn', { exact: true }).inputValue(), 'johan.ekdahl');
    await assertNoAxeViolations(staff, 'invitation form');
    const invited = await submitForm(staff, 'Skapa inbjudan');
    assert.equal(invited.status(), 200);
    await assertNoAxeViolations(staff, 'invitation link');
    const link = await staff.locator('#link-url').inputValue();
    assert.match(link, /\/aktivera\//);

    const phoneContext = await newContext(browser, { viewport: PHONE, hasTouch: true, isMobile: true });
    t.after(() => phoneContext.close());
    const phone = await phoneContext.newPage();
    await phone.goto(link);
    await assertNoAxeViolations(phone, 'activation (phone)');
    await assertNoHorizontalScroll(phone, PHONE.width, 'activation');
    await phone.getByLabel('Nytt lösenord', { exact: true }).fill(PASSWORD);
    await phone.getByLabel('Nytt lösenord igen', { exact: true }).fill(PASSWORD);
    await submitForm(phone, 'Spara lösenordet');
    await logIn(phone, server.baseURL, 'johan.ekdahl', PASSWORD);

    await phone.goto(`${server.baseURL}/min-sida/enkater`);
    await assertNoAxeViolations(phone, 'my questionnaires (phone)');
    await phone.getByRole('link', { name: /^Börja.*WHO-5/ }).first().tap();
    await phone.waitForURL(/who5\/.*fraga=1/);
    for (let n = 1; n <= 4; n += 1) {
      await phone.locator('fieldset.question .option label').nth(3).tap();
      await phone.getByRole('button', { name: 'Nästa fråga', exact: true }).tap();
      await phone.waitForURL(new RegExp(`fraga=${n + 1}`));
    }
    await assertNoAxeViolations(phone, 'WHO-5 last question (phone)');
    await phone.locator('fieldset.question .option label').nth(3).tap();
    const sent = await submitForm(phone, 'Skicka in svaren');
    assert.equal(sent.status(), 303);
    await assert.doesNotReject(phone.getByText('Tack! Svaren är inskickade.').waitFor());

    await phone.goto(`${server.baseURL}/konto/tvastegsverifiering`);
    await assertNoAxeViolations(phone, 'two-step verification, off (phone)');
    await submitForm(phone, 'Slå på tvåstegsverifiering');
    await assertNoAxeViolations(phone, 'two-step verification, enrolling (phone)');
    await assertNoHorizontalScroll(phone, PHONE.width, 'two-step verification, enrolling');
    const secret = await phone.locator('#totp-secret').inputValue();
    assert.match(await phone.locator('#totp-uri').inputValue(), /^otpauth:\/\/totp\/Stegvis:johan\.ekdahl\?secret=/);
    await phone.getByLabel('Kod från appen', { exact: true }).fill('000000');
    const wrong = await submitForm(phone, 'Bekräfta och slå på');
    assert.equal(wrong.status(), 422);
    await assert.doesNotReject(phone.getByText(/Koden stämmer inte/).first().waitFor());
    await phone.getByLabel('Kod från appen', { exact: true }).fill(totp(secret));
    const confirmed = await submitForm(phone, 'Bekräfta och slå på');
    assert.equal(confirmed.status(), 200);
    assert.equal(await phone.locator('.recovery-codes li').count(), 10);
    await assertNoAxeViolations(phone, 'recovery codes (phone)');

    await submitForm(phone, 'Logga ut');
    await phone.goto(`${server.baseURL}/logga-in`);
    await phone.getByLabel('Användarnamn', { exact: true }).fill('johan.ekdahl');
    await phone.getByLabel('Lösenord', { exact: true }).fill(PASSWORD);
    await Promise.all([
      phone.waitForURL(/\/logga-in\/kod/),
      phone.getByRole('button', { name: 'Logga in', exact: true }).tap(),
    ]);
    await assertNoAxeViolations(phone, 'login code (phone)');
    await assertNoHorizontalScroll(phone, PHONE.width, 'login code');
    // The code of the confirmation is used up; the next step's is accepted (one step of skew).
    await phone.getByLabel('Kod', { exact: true }).fill(totp(secret, 1));
    await Promise.all([
      phone.waitForURL(`${server.baseURL}/start`),
      phone.getByRole('button', { name: 'Logga in', exact: true }).tap(),
    ]);
  });
});
