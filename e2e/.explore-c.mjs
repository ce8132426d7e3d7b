import { startStegvis } from './lib/server.js';
import { launchChromium, newContext, logIn } from './lib/browser.js';
const server = await startStegvis();
const browser = await launchChromium();
try {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await logIn(page, server.baseURL, 'samordnare');
  /*  await page.goto(server.baseURL + '/personer/26');
  console.log(await page.locator('.goal').first().innerHTML());
  const names = await page.locator('.goal').first().getByRole('button').evaluateAll(bs => bs.map(b => b.textContent));
  console.log(names);
  for (const b of await page.locator('.goal').first().getByRole('button').all()) console.log(JSON.stringify(await b.getAttribute('class')), await b.evaluate(e=>e.innerText));*/
  const nj = await newContext(browser, { javaScriptEnabled: false });
  const p = await nj.newPage();
  await logIn(p, server.baseURL, 'samordnare');
  await p.goto(server.baseURL + '/personer/ny');
  await p.getByLabel('Program', { exact: true }).selectOption({ label: 'Sociala företag i Västervik' });
  await p.getByLabel('Personnummer', { exact: true }).fill('19991230-9840');
  await p.getByLabel('Förnamn', { exact: true }).fill('Utan');
  await p.getByLabel('Efternamn', { exact: true }).fill('Skriptsson');
  await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: 'Registrera remissen' }).click()]);
  console.log(p.url(), await p.locator(".error-summary").innerText().catch(e=>"none"), await p.locator("main").innerText());
} finally { await browser.close(); await server.stop(); }
