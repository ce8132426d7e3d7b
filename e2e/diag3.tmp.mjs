import { startStegvis } from './lib/server.js';
import { launchChromium, newContext, axeViolations } from './lib/browser.js';
const server = await startStegvis();
const browser = await launchChromium();
const ctx = await newContext(browser, { javaScriptEnabled: false });
const page = await ctx.newPage();
await page.goto(server.baseURL + '/logga-in');
console.log('evaluate:', await page.evaluate(() => 1 + 1).catch(e => 'ERR ' + e.message));
console.log('js in page?', await page.evaluate(() => typeof window.htmx).catch(e => 'ERR ' + e.message));
try { const v = await axeViolations(page); console.log('axe ok', v.length); } catch (e) { console.log('axe ERR', e.message.slice(0, 300)); }
await browser.close(); await server.stop();
