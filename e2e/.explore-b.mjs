import { startStegvis } from './lib/server.js';
import { launchChromium, newContext, logIn } from './lib/browser.js';
const server = await startStegvis();
const browser = await launchChromium();
try {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await logIn(page, server.baseURL, 'handlaggare');
  await page.goto(server.baseURL + '/personer');
  console.log(await page.locator('main').innerText());
  const r = await page.goto(server.baseURL + '/personer/31');
  console.log('Mats', r.status(), await page.locator('h1').innerText());
  const ctx2 = await newContext(browser);
  const p2 = await ctx2.newPage();
  await logIn(p2, server.baseURL, 'deltagare');
  await p2.goto(server.baseURL + '/min-sida');
  console.log(await p2.locator('main').innerText());
  await p2.goto(server.baseURL + '/start');
  console.log(await p2.locator('header').innerText());
  const c3 = await newContext(browser); const p3 = await c3.newPage();
  await logIn(p3, server.baseURL, 'samordnare');
  await p3.goto(server.baseURL + '/uppfoljningar'); console.log(await p3.locator('main').innerText());
  await p3.goto(server.baseURL + '/program/1/aktiviteter'); console.log(await p3.locator('main').innerText());
  await p3.goto(server.baseURL + '/personer/26/registerutdrag'); console.log((await p3.locator('main').innerText()).slice(0, 3000));
  await p3.goto(server.baseURL + '/start'); console.log(await p3.locator('header').innerText());
} finally { await browser.close(); await server.stop(); }
