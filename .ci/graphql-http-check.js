// The GraphQL-over-HTTP working group's server audits (the graphql-http package) against a
// running server, as an authenticated LA caller. Prints every audit that is not ok and a count
// of each result; exits 1 on any error (a MUST) or warning (a SHOULD). Notices (a MAY) are
// printed, not failed. Usage: node graphql-http-check.js http://127.0.0.1:PORT TOKEN
const { auditServer } = require('graphql-http');

(async () => {
  const [address, token] = process.argv.slice(2);
  const fetchFn = (input, init = {}) => {
    const headers = new Headers(init.headers || {});
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const results = await auditServer({ url: `${address}/graphql`, fetchFn });
  const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
  for (const result of results) {
    counts[result.status] += 1;
    if (result.status !== 'ok') {
      console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}: ${result.reason}`);
    }
  }
  console.log(
    `graphql-http audits: ${counts.ok} ok, ${counts.warn} warnings, ${counts.error} errors, ${counts.notice} notices`
  );
  process.exit(counts.warn + counts.error === 0 ? 0 : 1);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
