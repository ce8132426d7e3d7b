import { startStegvis } from './lib/server.js';
import { launchChromium, newContext, logIn } from './lib/browser.js';
const t0 = Date.now();
const server = await startStegvis();
console.log('started in', Date.now() - t0, server.baseURL);
const browser = await launchChromium();
try {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await logIn(page, server.baseURL, 'samordnare');
  await page.goto(server.baseURL + '/personer');
  console.log(await page.locator('main').innerText());
  const hrefs = await page.locator('main a[href^="/personer/"]').evaluateAll(as => as.map(a => a.getAttribute('href') + ' ' + a.textContent));
  console.log(hrefs.join('\n'));
  await page.goto(server.baseURL + '/personer/1');
  console.log(await page.locator('main').innerText());
  await page.goto(server.baseURL + '/personer/ny');
  console.log(await page.locator('main form').innerHTML());
} finally { await browser.close(); await server.stop(); }
