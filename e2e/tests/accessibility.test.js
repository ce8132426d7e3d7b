// Every main page passes axe's WCAG 2.2 AA rules (colour contrast included) at desktop width
// and at 320 CSS pixels, where the page must also reflow without horizontal scrolling
// (WCAG 1.4.10: 320 px is 1280 px at 400 % zoom).

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

/** The href of the first link in the main content whose address matches `pattern`. */
async function firstLink(page, listPath, pattern) {
  await page.goto(listPath);
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => pattern.test(h));
  assert.ok(href, `no link matching ${pattern} on ${listPath}`);
  return href;
}

// Each page: who looks at it, how to reach it, and the HTTP status it should answer with.
// `open` returns the response of the navigation that shows the page.
const PAGES = [
  { name: 'login', as: null, open: (page, base) => page.goto(`${base}/logga-in`) },
  { name: 'accessibility statement', as: null, open: (page, base) => page.goto(`${base}/tillganglighet`) },
  { name: 'start', as: 'admin', open: (page, base) => page.goto(`${base}/start`) },
  { name: 'organisations list', as: 'admin', open: (page, base) => page.goto(`${base}/organisationer`) },
  { name: 'new organisation', as: 'admin', open: (page, base) => page.goto(`${base}/organisationer/ny`) },
  {
    name: 'organisation detail',
    as: 'admin',
    open: async (page, base) => page.goto(base + (await firstLink(page, `${base}/organisationer`, /^\/organisationer\/\d+$/))),
  },
  {
    name: 'edit organisation',
    as: 'admin',
    open: async (page, base) =>
      page.goto(`${base}${await firstLink(page, `${base}/organisationer`, /^\/organisationer\/\d+$/)}/redigera`),
  },
  {
    name: 'organisation form with its error summary',
    as: 'admin',
    // The form is shown again with 422 Unprocessable Content.
    status: 422,
    open: async (page, base) => {
      await page.goto(`${base}/organisationer/ny`);
      await page.getByLabel('Organisationsnummer', { exact: true }).fill('12345');
      const response = await submitForm(page, 'Spara');
      await page.locator('.error-summary').waitFor();
      return response;
    },
  },
  { name: 'users list', as: 'admin', open: (page, base) => page.goto(`${base}/anvandare`) },
  { name: 'invite user', as: 'admin', open: (page, base) => page.goto(`${base}/anvandare/ny`) },
  {
    name: 'user detail',
    as: 'admin',
    open: async (page, base) => page.goto(base + (await firstLink(page, `${base}/anvandare`, /^\/anvandare\/\d+$/))),
  },
  { name: 'programmes list', as: 'admin', open: (page, base) => page.goto(`${base}/program`) },
  {
    name: 'programme detail',
    as: 'admin',
    open: async (page, base) => page.goto(base + (await firstLink(page, `${base}/program`, /^\/program\/\d+$/))),
  },
  { name: 'new programme', as: 'admin', open: (page, base) => page.goto(`${base}/program/ny`) },
  { name: 'enterprises list', as: 'samordnare', open: (page, base) => page.goto(`${base}/foretag`) },
  {
    name: 'enterprise detail',
    as: 'samordnare',
    open: async (page, base) => page.goto(base + (await firstLink(page, `${base}/foretag`, /^\/foretag\/\d+$/))),
  },
  { name: 'new enterprise', as: 'samordnare', open: (page, base) => page.goto(`${base}/foretag/ny`) },
  {
    name: 'enterprise form with its error summary',
    as: 'samordnare',
    status: 422,
    open: async (page, base) => {
      await page.goto(`${base}/foretag/ny`);
      await page.getByLabel('Organisationsnummer', { exact: true }).fill('769999-0004');
      const response = await submitForm(page, 'Spara');
      await page.locator('.error-summary').waitFor();
      return response;
    },
  },
  { name: 'public directory of social enterprises', as: null, open: (page, base) => page.goto(`${base}/sociala-foretag`) },
  { name: 'account', as: 'admin', open: (page, base) => page.goto(`${base}/konto`) },
  { name: 'audit log', as: 'admin', open: (page, base) => page.goto(`${base}/logg`) },
  { name: 'retention', as: 'samordnare', open: (page, base) => page.goto(`${base}/gallring`) },
  { name: 'not found (404)', as: 'admin', status: 404, open: (page, base) => page.goto(`${base}/det-har-finns-inte`) },
  { name: 'handbook contents', as: null, open: (page, base) => page.goto(`${base}/handbok/vvk`) },
  {
    name: 'handbook chapter with tables',
    as: null,
    open: (page, base) => page.goto(`${base}/handbok/vvk/kapitel/valja-foretagsform`),
  },
  { name: 'handbook glossary', as: null, open: (page, base) => page.goto(`${base}/handbok/vvk/kapitel/ordlista`) },
  { name: 'handbook search', as: null, open: (page, base) => page.goto(`${base}/handbok/vvk/sok?q=f%C3%B6rening`) },
  { name: 'handbook editions', as: null, open: (page, base) => page.goto(`${base}/handbok/vvk/utgavor`) },
  { name: 'handbook editor overview', as: 'samordnare', open: (page, base) => page.goto(`${base}/handbok-redaktion`) },
  {
    name: 'handbook editor chapter',
    as: 'samordnare',
    open: async (page, base) => {
      await page.goto(`${base}/handbok-redaktion`);
      const href = await firstLink(page, page.url(), /^\/handbok-redaktion\/\d+\/kapitel\/\d+$/);
      return page.goto(base + href);
    },
  },
];

describe('Accessibility of every main page (axe, WCAG 2.2 AA)', () => {
  let server;
  let browser;
  const contexts = {};

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
    contexts.anonymous = await newContext(browser);
    for (const user of ['admin', 'samordnare']) {
      contexts[user] = await newContext(browser);
      const page = await contexts[user].newPage();
      await logIn(page, server.baseURL, user);
      await page.close();
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const spec of PAGES) {
    const who = spec.as ? `as ${spec.as}` : 'logged out';
    for (const viewport of [DESKTOP, NARROW]) {
      const narrow = viewport.width === NARROW.width;
      const title = narrow
        ? `the ${spec.name} page (${who}) has no axe violations at 320 px wide and does not scroll sideways`
        : `the ${spec.name} page (${who}) has no axe violations at desktop width`;
      test(title, async () => {
        const page = await contexts[spec.as ?? 'anonymous'].newPage({ viewport });
        try {
          await page.setViewportSize(viewport);
          const response = await spec.open(page, server.baseURL);
          assert.equal(response?.status(), spec.status ?? 200, `HTTP status of ${page.url()}`);
          assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
          const label = `${spec.name} (${new URL(page.url()).pathname}, ${viewport.width} px)`;
          // Both checks run, so that one failure does not hide the other.
          const problems = [];
          for (const check of [
            narrow ? () => assertNoHorizontalScroll(page, viewport.width, label) : null,
            () => assertNoAxeViolations(page, label),
          ]) {
            try {
              await check?.();
            } catch (error) {
              problems.push(error.message);
            }
          }
          assert.equal(problems.length, 0, problems.join('\n'));
        } finally {
          await page.close();
        }
      });
    }
  }
});
