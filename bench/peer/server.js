// node-oidc-provider configured like IdentityHost for bench/run.sh: the same two bench clients, one user, RS256 JWT
// access tokens (RFC 9068 style, through resource indicators), refresh-token rotation, introspection, an in-memory
// store. Interactions (login and consent) are completed automatically for the one bench user, so a script can drive
// the authorization code flow with PKCE over plain HTTP to get refresh tokens (oidc-provider has no password grant).
//
// Environment: PEER_PORT (default 5100), BENCH_CC_SECRET (the confidential client's secret), PEER_DEBUG=1 (log each
// interaction's prompt).
import crypto from 'node:crypto';
import http from 'node:http';

import Provider, { errors } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';

const port = Number(process.env.PEER_PORT || 5100);
const issuer = `http://127.0.0.1:${port}`;
const ccSecret = process.env.BENCH_CC_SECRET || 'bench-cc-secret-0123456789abcdef';
const benchUser = 'bench-user';
// The API the access tokens are for; its audience is "resources", as IdentityHost's.
const resource = 'urn:bench:resources';

// The built-in memory adapter is an LRU of 1,000 entries: prepared refresh tokens would be evicted before use. This
// store keeps everything until it expires, which is what a database-backed adapter does.
class ExpiringStore {
  #map = new Map();

  get(key) {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiry !== undefined && entry.expiry <= Date.now()) {
      this.#map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key, value, options) {
    const expiry = options?.maxAge !== undefined ? Date.now() + options.maxAge : undefined;
    this.#map.set(key, { value, expiry });
  }

  delete(key) {
    this.#map.delete(key);
  }
}
const store = new ExpiringStore();

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };
signingKey.kid = crypto.createHash('sha256')
  .update(JSON.stringify({ e: signingKey.e, kty: signingKey.kty, n: signingKey.n }))
  .digest('base64url');

const provider = new Provider(issuer, {
  adapter: (name) => new MemoryAdapter(name, store),
  clients: [
    {
      // Like IdentityHost's bench-service: confidential, client_credentials, client_secret_basic.
      client_id: 'bench-service',
      client_secret: ccSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      // Like IdentityHost's bench-app: public (no secret), code flow with PKCE, refresh tokens rotated on each use.
      client_id: 'bench-app',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
    },
  ],
  jwks: { keys: [signingKey] },
  findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  scopes: ['openid', 'offline_access'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== resource) throw new errors.InvalidTarget();
        return {
          scope: 'read:items write:items admin',
          audience: 'resources',
          accessTokenTTL: 15 * 60,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  // Consent is implicit for the bench clients (IdentityHost's bench-app has ConsentType implicit): a signed-in user
  // gets a grant for everything the client may ask without a consent interaction.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
    if (existing) return existing;
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid offline_access');
    grant.addResourceScope(resource, 'read:items write:items admin');
    await grant.save();
    return grant;
  },
  // IdentityHost issues a refresh token when offline_access is granted; here: whenever the client may refresh.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
  pkce: { required: () => true },
  ttl: {
    AccessToken: 15 * 60,
    ClientCredentials: 15 * 60,
    AuthorizationCode: 5 * 60,
    RefreshToken: 14 * 24 * 60 * 60,
    Grant: 90 * 24 * 60 * 60,
    Session: 24 * 60 * 60,
    Interaction: 60 * 60,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
});

// Login and consent for the bench user, without a page.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (process.env.PEER_DEBUG) console.error(details.prompt.name, JSON.stringify(details.prompt.reasons), JSON.stringify(details.prompt.details));
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: benchUser } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const handle = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((e) => {
      res.statusCode = 500;
      res.end(String(e));
    });
    return;
  }
  if (req.url === '/healthz') {
    res.end('Healthy');
    return;
  }
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider ${issuer} listening`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
