// A real OpenID Connect provider for the e-ID login tests (tests/it/oidc.rs, decision 0032):
// panva's oidc-provider with its development login and consent pages, on a free port of the
// loopback interface. It prints "listening <issuer>" once it answers.
//
// Configured from the environment by the test:
//   STEGVIS_OIDC_CLIENT_ID, STEGVIS_OIDC_CLIENT_SECRET, STEGVIS_OIDC_REDIRECT_URI: the one
//     client, Stegvis's test server;
//   STEGVIS_OIDC_ACCOUNTS: JSON, account id -> claims (synthetic personnummer only).
// Any password logs an account in: the development pages check none. Never use this outside
// the tests.
import http from 'node:http';
import Provider from 'oidc-provider';

const accounts = JSON.parse(process.env.STEGVIS_OIDC_ACCOUNTS ?? '{}');

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.STEGVIS_OIDC_CLIENT_ID,
      client_secret: process.env.STEGVIS_OIDC_CLIENT_SECRET,
      redirect_uris: [process.env.STEGVIS_OIDC_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  // Every authorization request must carry a PKCE challenge (S256 is the only method allowed).
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['name', 'personal_number', 'employee_id'],
  },
  // Put the granted claims in the ID token itself, as Swedish e-ID brokers do.
  conformIdTokenClaims: false,
  findAccount(_ctx, id) {
    const claims = accounts[id];
    if (!claims) {
      return undefined;
    }
    return { accountId: id, claims: () => ({ sub: id, ...claims }) };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['stegvis-test-provider-only'] },
});
provider.proxy = false;

server.on('request', provider.callback());
process.stdout.write(`listening ${issuer}\n`);
