// Drives GraphiQL in headless Chromium: opens the IDE with a query and headers, presses Run,
// and waits for the result to show the caller's authority; then opens the link the demo
// printed for LA_STAFF of Islington and checks that it opens with the example tabs, the schema
// in the documentation explorer and the token in the headers, with nothing pasted, and that its
// first tab runs. Fails on any request to another origin, and on any request whose address
// carries the token. Usage: node graphiql-check.js http://127.0.0.1:PORT TOKEN LINK
const puppeteer = require('puppeteer-core');

(async () => {
  const [address, token, link] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    const elsewhere = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(address) && !url.startsWith('data:')) elsewhere.push(url);
    });
    const query = '{ me { role authority { code name } } }';
    const headers = JSON.stringify({ Authorization: `Bearer ${token}` });
    const url = `${address}/graphql#query=${encodeURIComponent(query)}&headers=${encodeURIComponent(headers)}`;
    await page.goto(url, { waitUntil: 'networkidle0', timeout: 60000 });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30000 });
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () => (document.querySelector('.result-window') || {}).textContent?.includes('Islington'),
      { timeout: 30000 }
    );
    if (elsewhere.length) throw new Error(`requests left the service: ${elsewhere.join(', ')}`);
    const kept = await page.evaluate(() => JSON.stringify(window.localStorage));
    if (kept.includes(token)) throw new Error('the token was left in localStorage');
    console.log('GraphiQL check: the query ran in headless Chromium and its result appeared');

    // The demo's link, in a fresh page: nothing pasted, nothing refetched.
    const demo = await browser.newPage();
    await demo.setViewport({ width: 1400, height: 900 });
    const carried = [];
    demo.on('request', (request) => {
      if (request.url().includes(token)) carried.push(request.url());
    });
    await demo.goto(link, { waitUntil: 'networkidle0', timeout: 60000 });
    await demo.waitForFunction(() => document.querySelectorAll('.graphiql-tab').length === 5, {
      timeout: 30000,
    });
    await demo.click('[aria-label="Show Documentation Explorer"]');
    await demo.waitForFunction(
      () => (document.querySelector('.graphiql-doc-explorer') || {}).textContent?.includes('Query'),
      { timeout: 30000 }
    );
    const docs = await demo.$eval('.graphiql-doc-explorer', (node) => node.textContent);
    if (docs.includes('No Schema Available')) throw new Error('the schema did not load');
    await demo.click('.graphiql-execute-button');
    await demo.waitForFunction(
      () => (document.querySelector('.result-window') || {}).textContent?.includes('Islington'),
      { timeout: 30000 }
    );
    const stored = await demo.evaluate(() => JSON.stringify(window.localStorage));
    if (stored.includes(token)) throw new Error(`the token was left in localStorage: ${stored.slice(0, 600)}`);
    if (carried.length) throw new Error(`the token left the browser in: ${carried.join(', ')}`);
    await demo.screenshot({ path: 'demo-link.png' });
    console.log(
      'GraphiQL check: the demo link opened with 5 example tabs, the schema in the docs and the token in the headers'
    );
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(`GraphiQL check failed: ${error.stack || error}`);
  process.exit(1);
});
