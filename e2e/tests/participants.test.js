// Participants: the coordinator's whole journey with one person (referral, consent, baseline,
// plan, notes, appointments, income, exit and follow-ups), the people list with its search,
// filters and pagination, axe on every participant page, what a case officer may see, what the
// participant sees in the portal, and the referral form without JavaScript.
//
// The demo's people have test numbers born 1960–2003 (crates/app/src/demo/people.rs); the
// people registered here are born on 1999-12-30/31, which no demo person is, with serial
// numbers from Skatteverket's test series (980–999) and a computed check digit.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startStegvis } from '../lib/server.js';
import {
  DESKTOP,
  NARROW,
  assertNoHorizontalScroll,
  axeViolations,
  launchChromium,
  logIn,
  newContext,
} from '../lib/browser.js';

const PROGRAMME = 'Sociala företag i Västervik';

/** A personnummer `YYYYMMDD-NNNC` for `date` (YYYY-MM-DD) and a three-digit serial. */
function personnummer(date, serial) {
  const [year, month, day] = date.split('-');
  return `${year}${month}${day}-${serial}${luhnDigit(`${year.slice(2)}${month}${day}${serial}`)}`;
}

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

/** `date` (YYYY-MM-DD) moved by `days` days. */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `date` plus `months` calendar months, clamped to the end of a shorter month (as the domain does). */
function addMonths(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Presses Enter on `locator` (a submit button, or a link that posts nothing) and waits for the
 * page the POST answers with. Returns that POST's response: 303 when saved, 422 when the form
 * is shown again with errors.
 */
async function pressToSubmit(page, locator) {
  await locator.focus();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.waitForEvent('load'),
    page.keyboard.press('Enter'),
  ]);
  return response;
}

/** Opens a <details> from the keyboard: focus on its summary, then Enter. */
async function openDetails(details) {
  const summary = details.locator(':scope > summary');
  await summary.focus();
  await summary.press('Enter');
  await details.locator(':scope > form, :scope form').first().waitFor({ state: 'visible' });
}

/** Ticks a checkbox from the keyboard. */
async function tick(checkbox) {
  await checkbox.focus();
  await checkbox.press('Space');
  assert.ok(await checkbox.isChecked());
}

/** The <details> whose own <summary> starts with `text`. */
function detailsNamed(scope, text) {
  return scope.locator('details').filter({
    has: scope.page().locator(':scope > summary', { hasText: new RegExp(`^\\s*${escapeRegExp(text)}`) }),
  });
}

/** The href of the person called `name` in the people list, searched by name. */
async function personHref(page, baseURL, name) {
  await page.goto(`${baseURL}/personer?q=${encodeURIComponent(name)}`);
  const link = page.locator('main table').getByRole('link', { name, exact: true });
  assert.equal(await link.count(), 1, `exactly one "${name}" in the people list`);
  return link.getAttribute('href');
}

/** The episode section's fact `term` (a <dt>) on a person page, as text. */
function fact(section, term) {
  return section.locator(`dl.facts dt:text-is("${term}") + dd`).first().innerText();
}

/** Opens every <details> so that axe also checks the forms inside them. */
function openAllDetails(page) {
  return page.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
}

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${n.html}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes}`;
    })
    .join('\n');
}

/**
 * axe (and at narrow widths the sideways-scroll check) on the page as it is now, with every
 * <details> open; returns the problems found rather than throwing, so that one does not hide
 * another.
 */
async function checkPage(page, label, { width } = {}) {
  const problems = [];
  await openAllDetails(page);
  if (width) {
    try {
      await assertNoHorizontalScroll(page, width, label);
    } catch (error) {
      problems.push(error.message);
    }
  }
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    problems.push(`axe found ${violations.length} WCAG violation(s) on ${label}:\n${describeViolations(violations)}`);
  }
  return problems;
}

describe('Participants: referral to follow-up, the people list, the portal and access rules', () => {
  let server;
  let browser;
  const contexts = {};

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
    for (const user of ['samordnare', 'handlaggare', 'deltagare']) {
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

  /** A new page in the logged-in context of `user`, closed when the test ends. */
  async function pageAs(t, user, viewport = DESKTOP) {
    const page = await contexts[user].newPage();
    t.after(() => page.close());
    await page.setViewportSize(viewport);
    return page;
  }

  test('the coordinator registers a referral, records consent and baseline, plans, notes, books, records income, exits and gets follow-ups, by keyboard', async (t) => {
    const { baseURL } = server;
    const page = await pageAs(t, 'samordnare');
    const number = personnummer('1999-12-31', '982');
    const wrongDigit = (Number(number.at(-1)) + 1) % 10;
    const wrongNumber = `${number.slice(0, -1)}${wrongDigit}`;

    // The number is not in the demo.
    await page.goto(`${baseURL}/personer?q=${number}`);
    assert.equal(await page.locator('.result-count').innerText(), '0 personer');

    // The list's "Ny remiss" link, followed with Enter.
    await page.goto(`${baseURL}/personer`);
    await page.getByRole('link', { name: 'Ny remiss', exact: true }).focus();
    await Promise.all([page.waitForURL(`${baseURL}/personer/ny`), page.keyboard.press('Enter')]);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Ny remiss');

    // The referral date defaults to the server's today; every date below is counted from it.
    const today = await page.getByLabel('Remissdatum', { exact: true }).inputValue();
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
    const referredOn = addDays(today, -200);
    const consentOn = addDays(today, -190);
    const meetingOn = addDays(today, -180);
    const stepDue = addDays(today, -150);
    const exitOn = addDays(today, -100);

    const typed = {
      Program: PROGRAMME,
      'Remitterande part': 'Västerviks kommun',
    };
    await page.getByLabel('Program', { exact: true }).selectOption({ label: typed.Program });
    await page.getByLabel('Remissdatum', { exact: true }).fill(referredOn);
    await page.getByLabel('Remitterande part', { exact: true }).selectOption({ label: typed['Remitterande part'] });
    await page.getByLabel('Personnummer', { exact: true }).fill(wrongNumber);
    await page.getByLabel('Förnamn', { exact: true }).fill('Vilma');
    await page.getByLabel('Efternamn', { exact: true }).fill('Provberg');
    await page.getByLabel('Språk personen helst använder', { exact: true }).fill('lätt svenska');
    await page.getByLabel('Adress', { exact: true }).fill('Provgatan 1, 593 30 Västervik');
    await page.getByLabel('Telefon', { exact: true }).fill('070-174 06 98');
    await page.getByLabel('E-post', { exact: true }).fill('vilma.provberg@example.com');

    // 1. A wrong check digit: the form comes back with the error summary naming the right digit.
    const refused = await pressToSubmit(page, page.getByRole('button', { name: 'Registrera remissen', exact: true }));
    assert.equal(refused.status(), 422);
    assert.equal(new URL(page.url()).pathname, '/personer/ny');
    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await summary.getByRole('heading').innerText(), 'Det finns fel i formuläret');
    const summaryLinks = summary.getByRole('link');
    assert.deepEqual(await summaryLinks.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#f-personnummer']);
    assert.equal(
      await summaryLinks.first().innerText(),
      `Kontrollsiffran stämmer inte: den sista siffran borde vara ${number.at(-1)}. Kontrollera att numret är rätt skrivet.`,
    );
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    const numberField = page.getByLabel('Personnummer', { exact: true });
    assert.equal(await numberField.getAttribute('aria-invalid'), 'true');
    assert.match(await numberField.getAttribute('aria-describedby'), /\bf-personnummer-error\b/);
    assert.match(await page.locator('#f-personnummer-error').innerText(), new RegExp(`Fel:\\s*Kontrollsiffran stämmer inte: den sista siffran borde vara ${number.at(-1)}`));
    // Everything typed is kept.
    assert.equal(await numberField.inputValue(), wrongNumber);
    assert.equal(await page.getByLabel('Remissdatum', { exact: true }).inputValue(), referredOn);
    for (const [label, option] of Object.entries(typed)) {
      const field = page.getByLabel(label, { exact: true });
      const selected = await field.evaluate((s) => s.selectedOptions[0]?.textContent.trim());
      assert.equal(selected, option, `${label} is kept`);
    }
    assert.equal(await page.getByLabel('Förnamn', { exact: true }).inputValue(), 'Vilma');
    assert.equal(await page.getByLabel('Efternamn', { exact: true }).inputValue(), 'Provberg');
    assert.equal(await page.getByLabel('Språk personen helst använder', { exact: true }).inputValue(), 'lätt svenska');
    assert.equal(await page.getByLabel('Adress', { exact: true }).inputValue(), 'Provgatan 1, 593 30 Västervik');
    assert.equal(await page.getByLabel('Telefon', { exact: true }).inputValue(), '070-174 06 98');
    assert.equal(await page.getByLabel('E-post', { exact: true }).inputValue(), 'vilma.provberg@example.com');

    // The summary's link takes the keyboard to the field; the number is typed again.
    await summaryLinks.first().focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'f-personnummer');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(number);

    const created = await pressToSubmit(page, page.getByRole('button', { name: 'Registrera remissen', exact: true }));
    assert.equal(created.status(), 303);
    assert.match(page.url(), /\/personer\/\d+$/);
    const personURL = page.url();
    const personPath = new URL(personURL).pathname;
    assert.equal(await page.getByRole('status').innerText(), 'Remissen är registrerad.');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Vilma Provberg');
    const episode = page.locator('section.episode');
    assert.equal(await episode.count(), 1);
    assert.equal(await episode.getByRole('heading', { level: 2 }).innerText(), `${PROGRAMME}: Remitterad`);
    assert.equal(await fact(episode, 'Remitterad'), referredOn);
    // Only a case officer's own referrals name the referring user.
    assert.equal(await fact(episode, 'Remitterad av'), 'Västerviks kommun');
    assert.match(await page.locator('dl.facts').first().innerText(), /19991231-\*{4}/);

    // 2. Consent to participate. First without the "informed" box: refused.
    assert.equal(await page.getByRole('heading', { name: 'Inskrivning: samtycke att delta' }).count(), 1);
    const consentForm = episode.locator('form[action$="/samtycke"]');
    assert.equal(await consentForm.count(), 1);
    await consentForm.getByLabel('Datum', { exact: true }).fill(consentOn);
    await consentForm.getByLabel('Form', { exact: true }).selectOption({ label: 'På papper' });
    const noInfo = await pressToSubmit(page, consentForm.getByRole('button', { name: 'Registrera samtycket och skriv in' }));
    assert.equal(noInfo.status(), 422);
    assert.match(
      await page.locator('.error-summary').innerText(),
      /Kryssa i att personen har fått informationen\. Samtycke utan information gäller inte\./,
    );
    const informed = consentForm.getByLabel('Personen har fått informationen om behandlingen av personuppgifter (skriftligt eller muntligt).');
    assert.equal(await informed.getAttribute('aria-invalid'), 'true');
    assert.equal(await consentForm.getByLabel('Datum', { exact: true }).inputValue(), consentOn);
    await tick(informed);
    const consented = await pressToSubmit(page, consentForm.getByRole('button', { name: 'Registrera samtycket och skriv in' }));
    assert.equal(consented.status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Samtycket är registrerat.');
    assert.equal(await episode.getByRole('heading', { level: 2 }).innerText(), `${PROGRAMME}: Inskrivning pågår`);
    assert.equal(await fact(episode, 'Inskriven'), consentOn);
    const consents = episode.getByRole('region', { name: 'Samtycken' }).locator('tbody tr');
    assert.equal(await consents.count(), 1);
    assert.match(await consents.first().innerText(), new RegExp(`^Att delta\\s+${consentOn}\\s+På papper`));

    // Consent to be followed up after exit, without which there are no follow-ups.
    const addConsent = detailsNamed(episode, 'Lägg till samtycke');
    await openDetails(addConsent);
    await addConsent.getByLabel('Samtycke till', { exact: true }).selectOption({ label: 'Uppföljning efter avslut' });
    await addConsent.getByLabel('Datum', { exact: true }).fill(consentOn);
    await addConsent.getByLabel('Form', { exact: true }).selectOption({ label: 'På papper' });
    await tick(addConsent.getByRole('checkbox'));
    assert.equal((await pressToSubmit(page, addConsent.locator('form').getByRole('button', { name: 'Lägg till samtycke' }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Samtycket är registrerat.');
    assert.equal(await consents.count(), 2);
    assert.match(await consents.nth(1).innerText(), /^Uppföljning efter avslut/);

    // 3. Baseline: the work starts.
    const baseline = episode.locator('form[action$="/inskrivning"]');
    await baseline.getByLabel('Utbildning', { exact: true }).selectOption({ label: 'Gymnasial utbildning 3 år' });
    await baseline.getByLabel('Sysselsättning', { exact: true }).selectOption({ label: 'Sjukskriven' });
    await baseline.getByLabel('Omfattning i procent av heltid', { exact: true }).fill('100');
    await baseline.getByLabel('Tid utanför arbetsmarknaden', { exact: true }).selectOption({ label: '1–2 år' });
    await baseline.getByLabel('Tid med offentlig försörjning', { exact: true }).selectOption({ label: '2–5 år' });
    assert.equal((await pressToSubmit(page, baseline.getByRole('button', { name: 'Spara och starta' }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Uppgifterna vid inskrivning är sparade.');
    assert.equal(await episode.getByRole('heading', { level: 2 }).innerText(), `${PROGRAMME}: Aktiv`);
    assert.equal(await fact(episode, 'Sysselsättning'), 'Sjukskriven, 100 %');
    assert.equal(await fact(episode, 'Tid utanför arbetsmarknaden'), '1–2 år');

    // 4. A goal, and a step towards it, marked done.
    const goalTitle = 'Prova arbetsträning på ett socialt företag';
    const addGoal = detailsNamed(episode, 'Lägg till mål');
    await openDetails(addGoal);
    await addGoal.getByLabel('Mål', { exact: true }).fill(goalTitle);
    assert.equal((await pressToSubmit(page, addGoal.locator('form').getByRole('button', { name: 'Lägg till mål' }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Målet är tillagt.');
    const goal = episode.locator('.goal', { has: page.getByRole('heading', { level: 4, name: goalTitle }) });
    assert.equal(await goal.count(), 1);
    const addStep = detailsNamed(goal, 'Lägg till steg');
    assert.equal(await addStep.locator('summary').evaluate((s) => s.textContent.trim()), `Lägg till steg: ${goalTitle}`);
    await openDetails(addStep);
    await addStep.getByLabel('Steg', { exact: true }).fill('Boka ett studiebesök');
    await addStep.getByLabel('Vem gör det?', { exact: true }).selectOption({ label: 'Tillsammans' });
    await addStep.getByLabel('Klart senast', { exact: true }).fill(stepDue);
    assert.equal((await pressToSubmit(page, addStep.locator('form').getByRole('button', { name: 'Lägg till steg' }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Steget är tillagt.');
    const step = goal.locator('ul.steps li');
    assert.equal(await step.count(), 1);
    assert.match(await step.innerText(), new RegExp(`^Boka ett studiebesök \\(Tillsammans, senast ${stepDue}\\)`));
    await pressToSubmit(page, goal.getByRole('button', { name: /^Markera som klart\s*: Boka ett studiebesök$/ }));
    assert.equal(await page.getByRole('status').innerText(), 'Ändringarna är sparade.');
    assert.match(await step.innerText(), /^✓ Boka ett studiebesök/);
    assert.equal(await goal.getByRole('button', { name: /^Markera som inte klart\s*: Boka ett studiebesök$/ }).count(), 1);

    // 5. A note.
    const noteText = 'Första samtalet. Vill prova arbetsträning i caféet på förmiddagarna.';
    const addNote = detailsNamed(episode, 'Skriv anteckning');
    await openDetails(addNote);
    await addNote.getByLabel('Anteckning', { exact: true }).fill(noteText);
    assert.equal((await pressToSubmit(page, addNote.locator('form').getByRole('button', { name: 'Skriv anteckning' }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Anteckningen är sparad.');
    const notes = episode.locator('article.note');
    assert.equal(await notes.count(), 1);
    assert.equal(await notes.locator('.note-body').innerText(), noteText);
    assert.match(await notes.locator('.hint').innerText(), /Demo Samordnare$/);

    // 6. An appointment.
    const addMeeting = detailsNamed(episode, 'Boka möte');
    await openDetails(addMeeting);
    await addMeeting.getByLabel('Datum', { exact: true }).fill(meetingOn);
    await addMeeting.getByLabel('Tid', { exact: true }).fill('10:30');
    await addMeeting.getByLabel('Vad gäller mötet?', { exact: true }).fill('Uppstartssamtal');
    await addMeeting.getByLabel('Plats', { exact: true }).fill('Projektkontoret, Västervik');
    assert.equal((await pressToSubmit(page, addMeeting.locator('form').getByRole('button', { name: 'Boka möte' }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Mötet är bokat.');
    const meetings = episode.locator('h3[id^="appointment-"] + ul > li');
    assert.deepEqual(await meetings.allInnerTexts(), [`${meetingOn} 10:30: Uppstartssamtal (Projektkontoret, Västervik)`]);

    // 7. Income for a range of months.
    const fromMonth = consentOn.slice(0, 7);
    const toMonth = exitOn.slice(0, 7);
    const income = page.getByRole('region', { name: 'Försörjning månad för månad' });
    const setIncome = detailsNamed(income, 'Registrera försörjning');
    await openDetails(setIncome);
    await setIncome.getByLabel('Från månad', { exact: true }).fill(fromMonth);
    await setIncome.getByLabel('Till och med månad', { exact: true }).fill(toMonth);
    await setIncome.getByLabel('Försörjningskälla', { exact: true }).selectOption({ label: 'Sjukpenning eller rehabiliteringspenning' });
    await setIncome.getByLabel('Andel av heltid i procent', { exact: true }).fill('100');
    await setIncome.getByLabel('Belopp per månad (frivilligt)', { exact: true }).fill('12 500');
    assert.equal((await pressToSubmit(page, setIncome.locator('form').getByRole('button', { name: 'Registrera försörjning' }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Inkomsterna är sparade.');
    const incomeRows = income.locator('table tbody tr');
    const byMonth = Object.fromEntries(
      await incomeRows.evaluateAll((rows) => rows.map((r) => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])),
    );
    for (let m = fromMonth; m <= toMonth; m = addMonths(`${m}-01`, 1).slice(0, 7)) {
      assert.equal(byMonth[m], 'Sjukpenning eller rehabiliteringspenning 100 %', `income in ${m}`);
    }
    assert.equal(byMonth[addMonths(`${toMonth}-01`, 1).slice(0, 7)], 'Inget registrerat');

    // 8. Exit, completed as planned.
    const exit = detailsNamed(episode, 'Avsluta');
    await openDetails(exit);
    await exit.getByLabel('Avslutsdatum', { exact: true }).fill(exitOn);
    await exit.getByLabel('Skäl', { exact: true }).selectOption({ label: 'Genomförd enligt plan' });
    await exit.getByLabel('Utbildning', { exact: true }).selectOption({ label: 'Gymnasial utbildning 3 år' });
    await exit.getByLabel('Sysselsättning', { exact: true }).selectOption({ label: 'Arbete utan stöd' });
    await exit.getByLabel('Omfattning i procent av heltid', { exact: true }).fill('50');
    assert.equal((await pressToSubmit(page, exit.locator('form').getByRole('button', { name: 'Registrera avslutet' }))).status(), 200);
    // The exit asks first, naming what it does.
    await page.getByRole('heading', { level: 1, name: /^Avsluta perioden för / }).waitFor();
    assert.match(await page.locator('.confirm').innerText(), new RegExp(`Perioden i ${PROGRAMME} avslutas den ${exitOn}\\. Orsak: Genomförd enligt plan\\.`));
    assert.equal((await pressToSubmit(page, page.getByRole('button', { name: 'Avsluta perioden', exact: true }))).status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Avslutet är registrerat.');
    assert.equal(await episode.getByRole('heading', { level: 2 }).innerText(), `${PROGRAMME}: Avslutad`);
    assert.equal(await fact(episode, 'Avslutad'), `${exitOn}: Genomförd enligt plan`);
    assert.equal(await episode.locator('form[action$="/utskrivning"]').count(), 0, 'no exit form after the exit');

    // 9. The follow-ups at 3, 6 and 12 months; the first is already due.
    const followUps = episode.locator('ul.follow-ups > li');
    assert.equal(await followUps.count(), 3);
    const due = [3, 6, 12].map((months) => addMonths(exitOn, months));
    for (const [i, months] of [3, 6, 12].entries()) {
      assert.match(
        await followUps.nth(i).innerText(),
        new RegExp(`^${months} månader efter avslut, ska göras ${due[i]}: inte gjord än`),
      );
    }
    assert.ok(due[0] <= today, 'the 3-month follow-up is due');
    const timeline = await page.getByRole('region', { name: 'Händelser' }).innerText();
    for (const event of [
      `${exitOn} Avslutad: Genomförd enligt plan`,
      `${meetingOn} Möte: Uppstartssamtal`,
      `${consentOn} Inskriven i ${PROGRAMME}`,
      `${referredOn} Remitterad till ${PROGRAMME}`,
    ]) {
      assert.ok(timeline.includes(event), `the timeline has "${event}"`);
    }

    // The due follow-up is in the list of follow-ups to do, linked to its place on the page.
    await page.goto(`${baseURL}/uppfoljningar`);
    const row = page.locator('tbody tr', { has: page.getByRole('link', { name: 'Vilma Provberg', exact: true }) });
    assert.equal(await row.count(), 1, 'only the due follow-up is listed');
    assert.match(await row.innerText(), new RegExp(`3 månader efter avslut\\s+${due[0]}`));
    assert.match(await row.getByRole('link').getAttribute('href'), new RegExp(`^${personPath}#follow-up-\\d+$`));
    // And the people list's filter finds the person.
    await page.goto(`${baseURL}/personer?uppfoljning=on&q=Provberg`);
    assert.equal(await page.locator('main table').getByRole('link', { name: 'Vilma Provberg', exact: true }).count(), 1);
  });

  test('the people list searches by name and number, filters by status and due follow-ups, and pages', async (t) => {
    const { baseURL } = server;
    const page = await pageAs(t, 'samordnare');
    await page.goto(`${baseURL}/personer`);
    const rows = page.locator('main table tbody tr');
    const names = () => rows.locator('th').allInnerTexts();
    const count = () => page.locator('.result-count').innerText();

    // Search by name, submitted with Enter in the search field.
    const search = page.getByLabel('Namn eller personnummer', { exact: true });
    await search.fill('linnea');
    await Promise.all([page.waitForURL(/\/personer\?q=linnea/), search.press('Enter')]);
    assert.equal(await count(), '1 person');
    assert.deepEqual(await names(), ['Linnea Berg']);
    assert.equal(await search.inputValue(), 'linnea', 'the search is kept');

    // By personnummer without the hyphen: the demo's first person has the hint's example number.
    await page.goto(`${baseURL}/personer?q=198001019804`);
    assert.deepEqual(await names(), ['Linnea Berg']);
    assert.equal(await rows.locator('td').first().innerText(), '19800101-****', 'the list masks the number');

    // Status filter, chosen by label and sent with the Sök button.
    await page.goto(`${baseURL}/personer`);
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Avslutad' });
    await Promise.all([
      page.waitForURL(/status=exited/),
      page.getByRole('button', { name: 'Sök', exact: true }).press('Enter'),
    ]);
    const exited = await rows.locator('td:last-child').allInnerTexts();
    assert.ok(exited.length >= 10, `at least the demo's exited people (${exited.length})`);
    assert.ok(exited.every((s) => s.includes(`${PROGRAMME}: Avslutad`)), exited.join('\n'));
    assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'exited');

    // Only those with a follow-up due: the same people as on /uppfoljningar.
    await page.goto(`${baseURL}/personer?uppfoljning=on`);
    assert.ok(await page.getByLabel('Bara de med uppföljning att göra').isChecked());
    const dueInList = new Set(await names());
    await page.goto(`${baseURL}/uppfoljningar`);
    const dueInFollowUps = new Set(await page.locator('main tbody th').allInnerTexts());
    assert.ok(dueInList.size > 0);
    assert.deepEqual([...dueInList].sort(), [...dueInFollowUps].sort());

    // Nothing found.
    await page.goto(`${baseURL}/personer?q=Ingen+s%C3%A5dan+person`);
    assert.equal(await count(), '0 personer');
    assert.equal(await page.getByText('Inga personer matchar sökningen.', { exact: true }).count(), 1);

    // Pagination: 50 a page. Fill the list to at least 51 with referrals of people without a
    // personnummer (made through the form's own POST, with its CSRF token).
    await page.goto(`${baseURL}/personer/ny`);
    const csrf = await page.locator('form[action="/personer/ny"] input[name="csrf_token"]').inputValue();
    const programmeId = await page.getByLabel('Program', { exact: true }).locator('option', { hasText: PROGRAMME }).getAttribute('value');
    const today = await page.getByLabel('Remissdatum', { exact: true }).inputValue();
    await page.goto(`${baseURL}/personer`);
    let total = Number((await count()).match(/^(\d+)/)[1]);
    for (let i = 0; total <= 50; i += 1, total += 1) {
      const response = await page.request.post(`${baseURL}/personer/ny`, {
        form: {
          csrf_token: csrf,
          programme_id: programmeId,
          referred_on: today,
          referring_organisation_id: '',
          personnummer: '',
          birth_year: String(1970 + i),
          sex: i % 2 ? 'male' : 'female',
          given_name: `Sidfyllare${String.fromCharCode(65 + i)}`,
          family_name: 'Provsson',
        },
        maxRedirects: 0,
      });
      assert.equal(response.status(), 303, `referral ${i} saved`);
    }
    await page.goto(`${baseURL}/personer`);
    assert.equal(await count(), `${total} personer`);
    assert.equal(await rows.count(), 50);
    const pagination = page.getByRole('navigation', { name: 'Sidor' });
    assert.match(await pagination.innerText(), /Sida 1 av 2/);
    assert.equal(await pagination.getByRole('link', { name: 'Föregående sida' }).count(), 0);
    const firstPage = await names();
    await pagination.getByRole('link', { name: 'Nästa sida' }).focus();
    await Promise.all([page.waitForURL(`${baseURL}/personer?sida=2`), page.keyboard.press('Enter')]);
    assert.equal(await rows.count(), total - 50);
    assert.match(await pagination.innerText(), /Sida 2 av 2/);
    assert.equal(await pagination.getByRole('link', { name: 'Nästa sida' }).count(), 0);
    assert.equal(await pagination.getByRole('link', { name: 'Föregående sida' }).getAttribute('href'), '/personer?sida=1');
    const secondPage = await names();
    assert.equal(secondPage.filter((n) => firstPage.includes(n)).length, 0, 'no one is on both pages');

  });

  test('the people list says "1 person" for a single hit (plural form)', async (t) => {
    const page = await pageAs(t, 'samordnare');
    await page.goto(`${server.baseURL}/personer?q=Linnea`);
    assert.equal(await page.locator('.result-count').innerText(), '1 person');
  });

  // Each page: who looks at it and how to reach it; `status` when it is not 200, `narrow` to
  // check it at 320 px as well.
  const PAGES = [
    { name: 'people list', as: 'samordnare', narrow: true, open: (page, base) => page.goto(`${base}/personer`) },
    {
      name: 'people list, searched and filtered',
      as: 'samordnare',
      open: (page, base) => page.goto(`${base}/personer?q=a&status=active&uppfoljning=`),
    },
    { name: 'new referral', as: 'samordnare', narrow: true, open: (page, base) => page.goto(`${base}/personer/ny`) },
    {
      name: 'new referral with its error summary',
      as: 'samordnare',
      status: 422,
      narrow: true,
      open: async (page, base) => {
        await page.goto(`${base}/personer/ny`);
        await page.getByLabel('Personnummer', { exact: true }).fill('19991231-9821');
        await page.getByLabel('Telefon', { exact: true }).fill('inte ett nummer');
        const response = await pressToSubmit(page, page.getByRole('button', { name: 'Registrera remissen' }));
        await page.locator('.error-summary').waitFor();
        return response;
      },
    },
    {
      name: 'active participant with plan, notes, appointments, attendance and income (Linnea Berg)',
      as: 'samordnare',
      narrow: true,
      open: async (page, base) => page.goto(base + (await personHref(page, base, 'Linnea Berg'))),
    },
    {
      name: 'referred person with the intake form (Emma Söderlund)',
      as: 'samordnare',
      open: async (page, base) => page.goto(base + (await personHref(page, base, 'Emma Söderlund'))),
    },
    {
      name: 'referred person with the intake form refused (Emma Söderlund)',
      as: 'samordnare',
      status: 422,
      narrow: true,
      open: async (page, base) => {
        await page.goto(base + (await personHref(page, base, 'Emma Söderlund')));
        const response = await pressToSubmit(page, page.getByRole('button', { name: 'Registrera samtycket och skriv in' }));
        await page.locator('.error-summary').waitFor();
        return response;
      },
    },
    {
      name: 'person in intake with the baseline form (Lena Gustafsson)',
      as: 'samordnare',
      open: async (page, base) => page.goto(base + (await personHref(page, base, 'Lena Gustafsson'))),
    },
    {
      name: 'exited person with follow-ups to record (Helena Kvist)',
      as: 'samordnare',
      narrow: true,
      open: async (page, base) => page.goto(base + (await personHref(page, base, 'Helena Kvist'))),
    },
    {
      name: 'printable consent form',
      as: 'samordnare',
      open: async (page, base) => {
        await page.goto(base + (await personHref(page, base, 'Emma Söderlund')));
        const href = await page.getByRole('link', { name: 'Utskrivbar samtyckesblankett' }).getAttribute('href');
        assert.match(href, /^\/personer\/\d+\/perioder\/\d+\/samtyckesblankett$/);
        return page.goto(base + href);
      },
    },
    {
      name: 'register extract (Linnea Berg)',
      as: 'samordnare',
      open: async (page, base) => page.goto(`${base}${await personHref(page, base, 'Linnea Berg')}/registerutdrag`),
    },
    { name: 'follow-ups to do', as: 'samordnare', narrow: true, open: (page, base) => page.goto(`${base}/uppfoljningar`) },
    {
      name: 'activities of the programme',
      as: 'samordnare',
      open: async (page, base) => page.goto(`${base}${await programmeHref(page, base)}/aktiviteter`),
    },
    {
      name: 'activity register',
      as: 'samordnare',
      narrow: true,
      open: async (page, base) => {
        await page.goto(`${base}${await programmeHref(page, base)}/aktiviteter`);
        const href = await page.getByRole('link', { name: 'Arbetsträning i secondhandbutiken', exact: true }).getAttribute('href');
        return page.goto(base + href);
      },
    },
    { name: 'participant portal', as: 'deltagare', narrow: true, open: (page, base) => page.goto(`${base}/min-sida`) },
  ];

  /** The programme's address, from the programmes list. */
  async function programmeHref(page, base) {
    await page.goto(`${base}/program`);
    return page.getByRole('link', { name: PROGRAMME, exact: true }).first().getAttribute('href');
  }

  for (const spec of PAGES) {
    for (const viewport of spec.narrow ? [DESKTOP, NARROW] : [DESKTOP]) {
      const narrow = viewport === NARROW;
      const title = narrow
        ? `the ${spec.name} page (as ${spec.as}) has no axe violations at 320 px wide and does not scroll sideways`
        : `the ${spec.name} page (as ${spec.as}) has no axe violations at desktop width`;
      test(title, async (t) => {
        const page = await pageAs(t, spec.as, viewport);
        const response = await spec.open(page, server.baseURL);
        assert.equal(response?.status(), spec.status ?? 200, `HTTP status of ${page.url()}`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
        const label = `${spec.name} (${new URL(page.url()).pathname}, ${viewport.width} px)`;
        const problems = await checkPage(page, label, {
          width: narrow ? viewport.width : undefined,
        });
        assert.equal(problems.length, 0, problems.join('\n'));
      });
    }
  }

  test('the person page at 320 px has no axe violations at all (income chart reachable by keyboard)', async (t) => {
    const page = await pageAs(t, 'samordnare', NARROW);
    await page.goto(server.baseURL + (await personHref(page, server.baseURL, 'Linnea Berg')));
    const problems = await checkPage(page, 'person page (320 px)', { width: NARROW.width });
    assert.equal(problems.length, 0, problems.join('\n'));
  });

  test('the register extract shows what is held about the person and downloads as JSON', async (t) => {
    const { baseURL } = server;
    const page = await pageAs(t, 'samordnare');
    const person = await personHref(page, baseURL, 'Linnea Berg');
    await page.goto(baseURL + person);
    await page.getByRole('link', { name: 'Registerutdrag', exact: true }).focus();
    await Promise.all([page.waitForURL(`${baseURL}${person}/registerutdrag`), page.keyboard.press('Enter')]);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Registerutdrag: Linnea Berg');
    const text = await page.locator('main').innerText();
    for (const held of [
      'Första samtalet. Berättade om intresse för matlagning',
      'Uppstartssamtal',
      'Samtal om planen',
      'Hitta en plats för arbetsträning',
      'Arbetsträning i caféet',
      'Demogatan 1, 593 30 Västervik',
    ]) {
      assert.ok(text.includes(held), `the extract includes "${held}"`);
    }
    const href = await page.getByRole('link', { name: 'Ladda ner som JSON' }).getAttribute('href');
    assert.equal(href, `${person}/registerutdrag.json`);
    const response = await page.request.get(baseURL + href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^application\/json/);
    const json = JSON.stringify(await response.json());
    for (const held of ['Uppstartssamtal', 'Hitta en plats för arbetsträning', '198001019804']) {
      assert.ok(json.includes(held), `the JSON includes "${held}"`);
    }
  });

  test('no field in the register extract is labelled "Registerutdrag"', async (t) => {
    const page = await pageAs(t, 'samordnare');
    await page.goto(`${server.baseURL}${await personHref(page, server.baseURL, 'Linnea Berg')}/registerutdrag`);
    assert.deepEqual(await page.locator('dl.extract dt', { hasText: /^Registerutdrag$/ }).allInnerTexts(), []);
  });

  test('a case officer at Försäkringskassan sees only people referred by or assigned to Försäkringskassan', async (t) => {
    const { baseURL } = server;
    const coordinator = await pageAs(t, 'samordnare');
    const officer = await pageAs(t, 'handlaggare');

    // A person referred by Arbetsförmedlingen, as the coordinator sees them.
    const other = await personHref(coordinator, baseURL, 'Mats Holmgren');
    await coordinator.goto(baseURL + other);
    assert.match(await fact(coordinator.locator('section.episode'), 'Remitterad av'), /^Arbetsförmedlingen/);
    assert.equal(await fact(coordinator.locator('section.episode'), 'Ansvarig samverkanspart'), '–');

    // The case officer gets "not found" for that person, their extract and their consent form.
    const refused = await officer.goto(baseURL + other);
    assert.equal(refused.status(), 404);
    assert.equal(await officer.getByRole('heading', { level: 1 }).innerText(), 'Sidan finns inte');
    assert.equal(await officer.getByText('Mats Holmgren').count(), 0, 'the name is not shown');
    // The register extract is for coordinators: refused by role, the same for every person, so
    // the answer does not tell whether the person exists.
    const ownHref = await officer.goto(`${baseURL}/personer`).then(() =>
      officer.locator('main table tbody th a').first().getAttribute('href'));
    assert.equal((await officer.goto(`${baseURL}${other}/registerutdrag`)).status(), 403);
    assert.equal((await officer.goto(`${baseURL}${ownHref}/registerutdrag`)).status(), 403);
    assert.equal((await officer.goto(`${baseURL}/personer/999999`)).status(), 404);

    // The officer's list: only people whose episode is referred by or assigned to FK.
    await officer.goto(`${baseURL}/personer`);
    const links = officer.locator('main table tbody th a');
    const seen = await links.evaluateAll((as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
    assert.ok(seen.length > 0, 'the case officer sees some people');
    assert.ok(!seen.some(([name]) => name === 'Mats Holmgren'));
    for (const [name, href] of seen) {
      await coordinator.goto(baseURL + href);
      const episodes = coordinator.locator('section.episode');
      const parties = [];
      for (let i = 0; i < (await episodes.count()); i += 1) {
        parties.push(await fact(episodes.nth(i), 'Remitterad av'), await fact(episodes.nth(i), 'Ansvarig samverkanspart'));
      }
      assert.ok(
        parties.some((p) => p.startsWith('Försäkringskassan')),
        `${name} is in the case officer's list but is referred by/assigned to: ${parties.join(', ')}`,
      );
    }
    // And every such person the coordinator sees, except people with protected identity.
    await coordinator.goto(`${baseURL}/personer`);
    const fkId = await coordinator.getByLabel('Samverkanspart', { exact: true }).locator('option', { hasText: 'Försäkringskassan' }).getAttribute('value');
    await coordinator.goto(`${baseURL}/personer?partner=${fkId}`);
    const expected = await coordinator.locator('main table tbody tr').evaluateAll((rows) =>
      rows.filter((r) => !r.querySelector('.badge')).map((r) => r.querySelector('th a').textContent.trim()));
    assert.deepEqual(seen.map(([name]) => name).sort(), expected.sort());
  });

  test('the participant sees in the portal that the coordinator has read their details', async (t) => {
    const { baseURL } = server;
    const participant = await pageAs(t, 'deltagare');
    await participant.goto(`${baseURL}/min-sida`);
    assert.equal(await participant.getByRole('heading', { level: 1 }).innerText(), 'Hej Linnea!');

    const coordinator = await pageAs(t, 'samordnare');
    const href = await personHref(coordinator, baseURL, 'Linnea Berg');
    const opened = await coordinator.goto(baseURL + href);
    assert.equal(opened.status(), 200);

    await participant.goto(`${baseURL}/min-sida`);
    const readers = participant.getByRole('region', { name: 'Vem har läst dina uppgifter?' });
    assert.equal(await readers.getByRole('heading', { level: 2 }).innerText(), 'Vem har läst dina uppgifter?');
    // One line per reader, the latest reader first, with the occasions on demand.
    const newest = readers.locator('ul.readers > li').first();
    assert.equal(await newest.locator('.readers__who').innerText(), 'Demo Samordnare, Samordnare, Västerviks kommun');
    assert.match(await newest.innerText(), /Läste dina uppgifter: (en gång|\d+ gånger)/);
    assert.match(await newest.locator('.hint').first().innerText(), /^Senast \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // The participant's own visits are not listed.
    assert.equal(await readers.getByText('Demo Deltagare').count(), 0);
  });
});

describe('Participants without JavaScript', () => {
  let server;
  let browser;
  /** Pages the journey saw, as { label, url, html }, for the axe test. */
  const seen = [];

  before(async () => {
    server = await startStegvis();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a referral is refused and then registered with plain HTML forms, keeping what was typed', async (t) => {
    const { baseURL } = server;
    const context = await newContext(browser, { javaScriptEnabled: false });
    t.after(() => context.close());
    const page = await context.newPage();
    const remember = async (label) => seen.push({ label, url: page.url(), html: await page.content() });
    const number = personnummer('1999-12-30', '984');

    await logIn(page, baseURL, 'samordnare');
    await page.goto(`${baseURL}/personer/ny`);
    assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'scripts must not run');
    const today = await page.getByLabel('Remissdatum', { exact: true }).inputValue();
    await remember('new referral');

    await page.getByLabel('Program', { exact: true }).selectOption({ label: PROGRAMME });
    await page.getByLabel('Personnummer', { exact: true }).fill('19991330-9840');
    await page.getByLabel('Förnamn', { exact: true }).fill('Utan');
    await page.getByLabel('Efternamn', { exact: true }).fill('Skriptsson');
    await page.getByLabel('E-post', { exact: true }).fill('utan.skript');
    const refused = await pressToSubmit(page, page.getByRole('button', { name: 'Registrera remissen', exact: true }));
    assert.equal(refused.status(), 422);
    const summary = page.locator('.error-summary');
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.deepEqual(
      await summary.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['#f-personnummer', '#f-email'],
    );
    assert.match(await summary.innerText(), /De första siffrorna, 19991330, är inget riktigt datum/);
    assert.match(await summary.innerText(), /Skriv e-postadressen i formen namn@exempel\.se\./);
    assert.equal(await page.getByLabel('Personnummer', { exact: true }).inputValue(), '19991330-9840');
    assert.equal(await page.getByLabel('Förnamn', { exact: true }).inputValue(), 'Utan');
    assert.equal(await page.getByLabel('Efternamn', { exact: true }).inputValue(), 'Skriptsson');
    assert.equal(await page.getByLabel('E-post', { exact: true }).inputValue(), 'utan.skript');
    assert.equal(await page.getByLabel('Program', { exact: true }).evaluate((s) => s.selectedOptions[0].textContent.trim()), PROGRAMME);
    await remember('new referral with its error summary');

    await page.getByLabel('Personnummer', { exact: true }).fill(number);
    await page.getByLabel('E-post', { exact: true }).fill('utan.skript@example.com');
    const saved = await pressToSubmit(page, page.getByRole('button', { name: 'Registrera remissen', exact: true }));
    assert.equal(saved.status(), 303);
    assert.match(page.url(), /\/personer\/\d+$/);
    assert.equal(await page.getByRole('status').innerText(), 'Remissen är registrerad.');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Utan Skriptsson');
    await remember('new person page');

    // The intake form works without scripts too.
    const consentForm = page.locator('form[action$="/samtycke"]');
    await consentForm.getByLabel('Datum', { exact: true }).fill(today);
    await consentForm.getByLabel('Form', { exact: true }).selectOption({ label: 'Digitalt' });
    await consentForm.getByLabel(/Personen har fått informationen/).check();
    const consented = await pressToSubmit(page, consentForm.getByRole('button', { name: 'Registrera samtycket och skriv in' }));
    assert.equal(consented.status(), 303);
    assert.equal(await page.getByRole('status').innerText(), 'Samtycket är registrerat.');
    assert.match(await page.locator('section.episode h2').innerText(), /: Inskrivning pågår$/);
    await remember('person page in intake');
  });

  test('the pages of the script-less referral have no axe violations', async (t) => {
    assert.ok(seen.length >= 4, 'the journey test must run first and record its pages');
    const axeContext = await newContext(browser);
    t.after(() => axeContext.close());
    await axeContext.route(/\/static\/.*\.js(\?|$)/, (route) => route.abort());
    const failures = [];
    for (const { label, url, html } of seen) {
      const page = await axeContext.newPage();
      await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto(url);
      assert.equal(await page.evaluate(() => typeof window.htmx), 'undefined', 'app scripts must be blocked');
      failures.push(...(await checkPage(page, `${label} without JavaScript (${new URL(url).pathname})`)));
      await page.close();
    }
    assert.equal(failures.length, 0, failures.join('\n'));
  });
});
