// Drives GraphiQL in headless Chromium: opens the IDE with a query and headers, presses Run,
// and waits for the result to show the caller's authority. Fails on any request to another
// origin. Usage: node graphiql-check.js http://127.0.0.1:PORT TOKEN
const puppeteer = require('puppeteer-core');

(async () => {
  const [address, token] = process.argv.slice(2);
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
    console.log('GraphiQL check: the query ran in headless Chromium and its result appeared');
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(`GraphiQL check failed: ${error.stack || error}`);
  process.exit(1);
});
