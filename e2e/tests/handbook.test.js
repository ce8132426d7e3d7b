// The handbook's "done means": a reader on a phone finds a chapter through search and reads it;
// an editor changes a chapter, a reviewer approves it, and the new edition is public while the
// old one stays; the PDF and HTML downloads work; and the editor's pages pass axe.
// The demo has editions 1 and 2 of Västerviks kommun's handbook (short name VVK) published at
// /handbok/vvk (edition 1 word for word as first shipped, edition 2 the current text);
// `samordnare` is its coordinator (editor) and `admin` reviews.

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

/** Runs both checks (reflow only when narrow) and reports every problem at once. */
async function assertAccessible(page, viewport, label) {
  const problems = [];
  const checks = [
    viewport.width === NARROW.width ? () => assertNoHorizontalScroll(page, viewport.width, label) : null,
    () => assertNoAxeViolations(page, label),
  ];
  for (const check of checks) {
    try {
      await check?.();
    } catch (error) {
      problems.push(error.message);
    }
  }
  assert.equal(problems.length, 0, problems.join('\n'));
}

/** The text of the <h1> (there must be exactly one). */
async function h1(page) {
  const headings = page.getByRole('heading', { level: 1 });
  assert.equal(await headings.count(), 1, `one <h1> on ${page.url()}`);
  return (await headings.innerText()).trim();
}

/** The chapter table on the editor's overview: its first chapter link, and that link's text. */
async function chapterLink(page, index) {
  const table = page.getByRole('table', { name: 'Kapitel' });
  const link = table.locator('tbody tr').nth(index).getByRole('link');
  assert.equal(await link.count(), 1, `chapter row ${index} has one link`);
  return { link, title: (await link.innerText()).trim() };
}

/** Opens /handbok-redaktion, which sends a coordinator on to their own handbook. */
async function openEditorOverview(page, baseURL) {
  const response = await page.goto(`${baseURL}/handbok-redaktion`);
  assert.equal(response.status(), 200);
  assert.match(new URL(page.url()).pathname, /^\/handbok-redaktion\/\d+$/);
  return page.url();
}

/** Saves a draft of chapter row `index` (new title, a paragraph appended) and returns its revision URL. */
async function saveDraft(page, baseURL, index, newTitle, paragraph) {
  const overviewURL = await openEditorOverview(page, baseURL);
  const { link, title: oldTitle } = await chapterLink(page, index);
  await Promise.all([page.waitForURL(/\/handbok-redaktion\/\d+\/kapitel\/\d+$/), link.click()]);
  assert.equal(await h1(page), oldTitle);

  const title = page.getByLabel('Rubrik', { exact: true });
  assert.equal(await title.inputValue(), oldTitle);
  await title.fill(newTitle);
  const body = page.getByLabel('Text', { exact: true });
  const before = await body.inputValue();
  assert.ok(before.length > 0, 'the chapter text is filled in');
  await body.fill(`${before.trimEnd()}\n\n${paragraph}\n`);

  const saved = await submitForm(page, 'Spara som utkast');
  assert.equal(saved.status(), 303);
  assert.match(new URL(page.url()).pathname, /^\/handbok-redaktion\/\d+\/version\/\d+$/);
  assert.equal(await page.getByRole('status').innerText(), 'Utkastet är sparat.');
  assert.match(await h1(page), new RegExp(`^${escapeRegExp(newTitle)}: version \\d+$`));
  assert.match(await page.locator('dl.facts').innerText(), /Utkast/);
  // The diff shows the added paragraph, and the preview renders it.
  assert.match(await page.locator('.diff').innerText(), new RegExp(`\\+ ${escapeRegExp(paragraph)}`));
  assert.equal(await page.locator('.preview p', { hasText: paragraph }).count(), 1);
  return { revisionURL: page.url(), overviewURL, oldTitle };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('The handbook', () => {
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

  test('a reader on a phone finds a chapter through search and reads it', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser, { viewport: NARROW });
    t.after(() => context.close());
    const page = await context.newPage();

    const response = await page.goto(`${baseURL}/handbok`);
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/handbok/vvk');
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');

    const search = page.getByRole('search', { name: 'Sök i handboken' });
    await search.getByLabel('Sökord', { exact: true }).fill('förening');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/handbok/vvk/sok'),
      search.getByRole('button', { name: 'Sök', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'förening');
    assert.match(await page.getByRole('status').innerText(), /^\d+ kapitel innehåller ”förening”\.$/);
    await assertAccessible(page, NARROW, 'handbook search results (320 px)');

    const hit = page.locator('main ol.search-hits > li').first().getByRole('link');
    const hitTitle = (await hit.innerText()).trim();
    assert.ok(hitTitle, 'the first hit has a title');
    await Promise.all([page.waitForURL(/\/handbok\/vvk\/kapitel\/[^/]+$/), hit.click()]);
    await page.waitForLoadState('load');

    assert.equal(await h1(page), hitTitle);
    assert.match(await page.locator('main').innerText(), /förening/i);
    await assertAccessible(page, NARROW, `handbook chapter ${new URL(page.url()).pathname} (320 px)`);
  });

  test('an editor changes a chapter, a reviewer approves it, and the new edition is public while the old stays', async (t) => {
    const { baseURL } = server;
    const editor = await newContext(browser);
    const reviewer = await newContext(browser);
    const reader = await newContext(browser);
    t.after(() => Promise.all([editor.close(), reviewer.close(), reader.close()]));

    // The editor saves a draft and sends it for review.
    const page = await editor.newPage();
    await logIn(page, baseURL, 'samordnare');
    const stamp = Date.now().toString(36);
    const newTitle = `Om handboken, ändrad ${stamp}`;
    const paragraph = `Det här stycket skrevs av webbläsartestet ${stamp}.`;
    const { revisionURL, overviewURL, oldTitle } = await saveDraft(page, baseURL, 0, newTitle, paragraph);
    assert.notEqual(oldTitle, newTitle);

    const sent = await submitForm(page, 'Skicka för granskning');
    assert.equal(sent.status(), 303);
    assert.equal(page.url(), revisionURL);
    assert.equal(await page.getByRole('status').innerText(), 'Versionen är skickad för granskning.');
    assert.match(await page.locator('dl.facts').innerText(), /Väntar på granskning/);

    // Four eyes: the author is not offered a decision on their own revision...
    assert.equal(await page.getByRole('button', { name: 'Godkänn' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Avvisa' }).count(), 0);
    // ...and a decision posted by hand is refused too.
    await page.goto(overviewURL);
    const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
    const forged = await page.request.post(`${revisionURL}/beslut`, {
      form: { csrf_token: csrf, decision: 'approve', comment: '' },
      headers: { Origin: baseURL },
      maxRedirects: 0,
    });
    assert.equal(forged.status(), 422, 'the author cannot approve their own revision');
    assert.match(await forged.text(), /Du kan inte granska din egen text\./);
    // The overview lists the revision as waiting for review.
    await page.goto(overviewURL);
    const waiting = page.getByRole('heading', { name: 'Väntar på granskning', level: 2 }).locator('xpath=following-sibling::*[1]');
    assert.match(await waiting.innerText(), new RegExp(escapeRegExp(newTitle)));

    // The reviewer approves it.
    const review = await reviewer.newPage();
    await logIn(review, baseURL, 'admin');
    assert.equal((await review.goto(revisionURL)).status(), 200);
    assert.match(await review.locator('dl.facts').innerText(), /Väntar på granskning/);
    const approved = await submitForm(review, 'Godkänn');
    assert.equal(approved.status(), 303);
    assert.equal(review.url(), revisionURL);
    assert.match(await review.getByRole('status').innerText(), /^Versionen är godkänd\./);
    assert.match(await review.locator('dl.facts').innerText(), /Godkänd[\s\S]*Granskad av/);

    // Approval alone publishes nothing: readers still get edition 2.
    const reading = await reader.newPage();
    await reading.goto(`${baseURL}/handbok/vvk`);
    assert.match(await reading.locator('main').innerText(), /Utgåva 2\b/);
    assert.equal(await reading.getByRole('link', { name: newTitle, exact: true }).count(), 0);

    // The editor publishes a new edition from the overview.
    await page.goto(overviewURL);
    const published = await submitForm(page, 'Publicera ny utgåva');
    assert.equal(published.status(), 303);
    const editions = page.getByRole('heading', { name: 'Publicerade utgåvor', level: 2 }).locator('xpath=following-sibling::ul[1]');
    assert.match(await editions.innerText(), /Utgåva 2\b[\s\S]*Utgåva 3\b|Utgåva 3\b[\s\S]*Utgåva 2\b/);

    // Logged out: the handbook is edition 3 with the new title and text...
    await reading.goto(`${baseURL}/handbok/vvk`);
    assert.match(await reading.locator('.lead').innerText(), /Utgåva 3\b/);
    const toc = reading.getByRole('navigation', { name: 'Innehåll' });
    assert.equal(await toc.getByRole('link', { name: oldTitle, exact: true }).count(), 0);
    const newLink = toc.getByRole('link', { name: newTitle, exact: true });
    assert.equal(await newLink.count(), 1);
    await Promise.all([reading.waitForURL(/\/handbok\/vvk\/kapitel\/[^/]+$/), newLink.click()]);
    assert.equal(await h1(reading), newTitle);
    assert.equal(await reading.locator('main p', { hasText: paragraph }).count(), 1);

    // ...while edition 2 stays at its permanent address, with the old title and a note.
    const old = await reading.goto(`${baseURL}/handbok/vvk/utgava/2`);
    assert.equal(old.status(), 200);
    assert.match(await reading.locator('.lead').innerText(), /Utgåva 2\b/);
    const note = reading.locator('main').getByRole('note');
    assert.match(await note.innerText(), /Det här är en äldre utgåva av handboken\./);
    assert.equal(await note.getByRole('link', { name: 'Gå till den senaste utgåvan' }).getAttribute('href'), '/handbok/vvk');
    const oldToc = reading.getByRole('navigation', { name: 'Innehåll' });
    assert.equal(await oldToc.getByRole('link', { name: newTitle, exact: true }).count(), 0);
    const oldChapter = oldToc.getByRole('link', { name: oldTitle, exact: true });
    assert.equal(await oldChapter.count(), 1);
    const oldChapterHref = await oldChapter.getAttribute('href');
    assert.match(oldChapterHref, /^\/handbok\/vvk\/utgava\/2\/kapitel\//, 'edition 2 links to its own chapters');
    await Promise.all([reading.waitForURL(`${baseURL}${oldChapterHref}`), oldChapter.click()]);
    assert.equal(await h1(reading), oldTitle);
    assert.equal(await reading.locator('main p', { hasText: paragraph }).count(), 0);
    const chapterNote = reading.locator('main').getByRole('note');
    assert.match(await chapterNote.innerText(), /Du läser utgåva 2, som inte är den senaste\./);

    // The note leads to the same chapter in the latest edition.
    await Promise.all([
      reading.waitForURL(/\/handbok\/vvk\/kapitel\/[^/]+$/),
      chapterNote.getByRole('link', { name: 'Gå till den senaste utgåvan' }).click(),
    ]);
    assert.equal(await h1(reading), newTitle);
    assert.equal(await reading.locator('main').getByRole('note').count(), 0);
  });

  test('edition 1 stays readable as first shipped, and edition 2 adds the chapter on working while on benefits', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    const contents = () => page.getByRole('navigation', { name: 'Innehåll' });
    assert.equal((await page.goto(`${baseURL}/handbok/vvk/utgava/1`)).status(), 200);
    assert.equal(await contents().getByRole('link', { name: /förmåner|ersättning/i }).count(), 0);
    assert.equal((await page.goto(`${baseURL}/handbok/vvk/utgava/2`)).status(), 200);
    assert.equal(await contents().getByRole('link', { name: /förmåner|ersättning/i }).count(), 1);
  });

  test("the checklists are labelled checkboxes a reader can tick, with no axe violations", async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    assert.equal((await page.goto(`${baseURL}/handbok/vvk/utgava/2/kapitel/checklistor`)).status(), 200);
    const boxes = page.locator('main input[type="checkbox"]');
    const count = await boxes.count();
    assert.ok(count > 10, `the checklists have boxes (${count})`);
    const first = boxes.first();
    assert.equal(await first.isDisabled(), false);
    await first.check();
    assert.equal(await first.isChecked(), true);
    const named = page.getByRole('checkbox', { name: /\S/ });
    assert.equal(await named.count(), count, 'every box has an accessible name');
    await assertAccessible(page, DESKTOP, 'handbook checklists');
  });

  test('the PDF and HTML downloads work', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();

    // The first chapter of edition 1, as its contents list shows it.
    await page.goto(`${baseURL}/handbok/vvk/utgava/1`);
    const firstTitle = (await page.getByRole('navigation', { name: 'Innehåll' }).getByRole('link').first().innerText()).trim();
    assert.ok(firstTitle);

    const pdf = await page.request.get(`${baseURL}/handbok/vvk/utgava/1/handbok.pdf`);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'], /^application\/pdf\b/);
    const pdfBody = await pdf.body();
    assert.equal(pdfBody.subarray(0, 4).toString('latin1'), '%PDF');
    assert.ok(pdfBody.length > 10_000, `the PDF has content (${pdfBody.length} bytes)`);

    const html = await page.request.get(`${baseURL}/handbok/vvk/utgava/1/handbok.html`);
    assert.equal(html.status(), 200);
    assert.match(html.headers()['content-type'], /^text\/html\b/);
    const text = await html.text();
    assert.match(text, /^\s*<!doctype html>/i);
    assert.ok(text.includes(firstTitle), `handbok.html contains the first chapter title "${firstTitle}"`);
  });

  test("the editor's revision page and overview (and the reviewer's view) have no axe violations at desktop width and at 320 px", async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser);
    t.after(() => context.close());
    const page = await context.newPage();
    await logIn(page, baseURL, 'samordnare');
    const stamp = Date.now().toString(36);
    const { revisionURL, overviewURL } = await saveDraft(
      page,
      baseURL,
      1,
      `Vad är ett socialt företag? (utkast ${stamp})`,
      `Ett stycke för tillgänglighetstestet ${stamp}.`,
    );

    const pages = [
      { name: 'revision (draft)', url: revisionURL },
      { name: 'overview', url: overviewURL },
    ];
    const check = async (spec) => {
      for (const viewport of [DESKTOP, NARROW]) {
        await page.setViewportSize(viewport);
        const response = await page.goto(spec.url);
        assert.equal(response.status(), 200);
        await assertAccessible(page, viewport, `editor ${spec.name} (${new URL(spec.url).pathname}, ${viewport.width} px)`);
      }
    };
    for (const spec of pages) {
      await check(spec);
    }

    // Once sent for review, the revision page and the overview (now listing it) again.
    await page.setViewportSize(DESKTOP);
    await page.goto(revisionURL);
    assert.equal((await submitForm(page, 'Skicka för granskning')).status(), 303);
    await check({ name: 'revision (waiting for review)', url: revisionURL });
    await check({ name: 'overview with a revision waiting for review', url: overviewURL });

    // The same revision as the reviewer sees it, with the comment field and the decision buttons.
    const reviewer = await newContext(browser);
    t.after(() => reviewer.close());
    const review = await reviewer.newPage();
    await logIn(review, baseURL, 'admin');
    for (const viewport of [DESKTOP, NARROW]) {
      await review.setViewportSize(viewport);
      assert.equal((await review.goto(revisionURL)).status(), 200);
      assert.equal(await review.getByRole('button', { name: 'Godkänn', exact: true }).count(), 1);
      await assertAccessible(review, viewport, `reviewer's revision (${new URL(revisionURL).pathname}, ${viewport.width} px)`);
    }
  });
});
