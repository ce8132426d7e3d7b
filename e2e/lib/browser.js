// Shared browser helpers: Debian's Chromium through playwright-core, logging in, the axe
// check and small assertions used by several test files.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const DEMO_PASSWORD = 'demo-stegvis-2026';

/** The WCAG levels Stegvis promises (WCAG 2.2 AA): axe's rules tagged with any of these. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const DESKTOP = { width: 1280, height: 800 };
export const NARROW = { width: 320, height: 640 };

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new context; Swedish is the app's default, and the browser asks for it too. */
export function newContext(browser, options = {}) {
  return browser.newContext({ viewport: DESKTOP, locale: 'sv-SE', ...options });
}

/** Logs in through the login form (works with and without JavaScript). */
export async function logIn(page, baseURL, username, password = DEMO_PASSWORD) {
  await page.goto(`${baseURL}/logga-in`);
  await page.getByLabel('Användarnamn', { exact: true }).fill(username);
  await page.getByLabel('Lösenord', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL(`${baseURL}/start`),
    page.getByRole('button', { name: 'Logga in', exact: true }).click(),
  ]);
}

/**
 * Clicks the form's submit button and waits for the page that the POST answers with.
 * Returns that response (its status tells a saved form from one shown again with errors).
 */
export async function submitForm(page, buttonName) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/** A valid organisationsnummer (Luhn check digit) whose first nine digits are `nine`. */
export function orgNumber(nine) {
  assert.match(nine, /^\d{9}$/);
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  return `${nine.slice(0, 6)}-${nine.slice(6)}${check}`;
}

/** Nine digits for orgNumber() that differ from run to run; the third digit is 2 or more. */
export function uniqueNineDigits() {
  const tail = String(Date.now() % 1_000_000).padStart(6, '0');
  return `802${tail}`;
}

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes}`;
    })
    .join('\n');
}

/** Runs axe with the WCAG 2.2 AA tags (colour contrast included) and returns the violations. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  // Guard against a silently narrowed rule set: colour contrast must have been checked.
  const ran = [results.passes, results.violations, results.incomplete].flat().map((r) => r.id);
  assert.ok(ran.includes('color-contrast'), `axe did not run color-contrast on ${page.url()}`);
  return results.violations;
}

/** Fails with a readable list when axe finds any violation on the page as it is now. */
export async function assertNoAxeViolations(page, label = page.url()) {
  const violations = await axeViolations(page);
  assert.equal(
    violations.length,
    0,
    `axe found ${violations.length} WCAG violation(s) on ${label}:\n${describeViolations(violations)}`,
  );
}

/** Fails when the page scrolls sideways (WCAG 1.4.10 Reflow) at the current viewport width. */
export async function assertNoHorizontalScroll(page, width, label = page.url()) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(
    scrollWidth <= width + 1,
    `${label} scrolls horizontally at ${width} px: document.documentElement.scrollWidth is ${scrollWidth}`,
  );
}

/** What the focused element is and whether its focus indicator is drawn. */
export function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) {
      return { tag: el ? el.tagName : null, text: '', visible: false };
    }
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    return {
      tag: el.tagName,
      id: el.id,
      href: el.getAttribute('href'),
      text: (el.innerText || el.value || '').trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
      visible: outline || shadow,
    };
  });
}
