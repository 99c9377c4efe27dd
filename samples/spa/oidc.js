// Protocol helpers for a browser-based public client: discovery, PKCE, the token endpoint and id_token checks.
// Only the browser's fetch and WebCrypto; no library, no build step.
import config from './config.js';

const encoder = new TextEncoder();

export class OAuthError extends Error {
  constructor(code, description) {
    super(description ? `${code}: ${description}` : code);
    this.code = code;
  }
}

export function base64UrlEncode(bytes) {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function base64UrlDecode(text) {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Unguessable value: `byteCount` random octets, base64url-encoded. */
export function randomValue(byteCount = 32) {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), method S256. */
export async function s256Challenge(verifier) {
  return base64UrlEncode(await crypto.subtle.digest('SHA-256', encoder.encode(verifier)));
}

let metadata;

/** The provider's metadata, fetched once from its well-known address (OpenID Connect Discovery 1.0 §4). */
export async function discover() {
  if (!metadata) {
    const response = await fetch(`${config.authority}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`Discovery failed: HTTP ${response.status}`);
    const document = await response.json();
    // Discovery §4.3: the issuer must be exactly the one configured, or every later iss check is meaningless.
    if (document.issuer !== config.authority) {
      throw new Error(`Discovery returned issuer ${document.issuer}, expected ${config.authority}`);
    }
    metadata = document;
  }
  return metadata;
}

/** POST to the token endpoint as a public client (client_id in the body, no secret: RFC 6749 §2.3, §3.2.1). */
export async function tokenRequest(parameters) {
  const { token_endpoint: endpoint } = await discover();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...parameters, client_id: config.clientId }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new OAuthError(body.error ?? `HTTP ${response.status}`, body.error_description);
  return body;
}

export function decodeJwt(jwt) {
  const [header, payload] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(new TextDecoder().decode(base64UrlDecode(part))));
  return { header, payload };
}

// JWS algorithms the server may sign with, as WebCrypto names them (RFC 7518 §3.3, §3.4).
const algorithms = {
  RS256: { importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verifyParams: { name: 'RSASSA-PKCS1-v1_5' } },
  ES256: { importParams: { name: 'ECDSA', namedCurve: 'P-256' }, verifyParams: { name: 'ECDSA', hash: 'SHA-256' } },
};

async function verifySignature(jwt, header) {
  const algorithm = algorithms[header.alg];
  if (!algorithm) throw new Error(`id_token signed with unsupported alg ${header.alg}`);
  const { jwks_uri: jwksUri } = await discover();
  const { keys } = await (await fetch(jwksUri)).json();
  const jwk = keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new Error(`id_token signed with unknown key ${header.kid}`);
  const key = await crypto.subtle.importKey('jwk', jwk, algorithm.importParams, false, ['verify']);
  const [h, p, signature] = jwt.split('.');
  return crypto.subtle.verify(algorithm.verifyParams, key, base64UrlDecode(signature), encoder.encode(`${h}.${p}`));
}

/**
 * OpenID Connect Core §3.1.3.7: signature by a published key, iss, aud, exp, and the nonce this tab sent.
 * A refreshed id_token answers no authentication request, so its nonce may be absent (§12.2). Returns the claims.
 */
export async function validateIdToken(idToken, { nonce: expectedNonce, nonceRequired = true }) {
  const { header, payload } = decodeJwt(idToken);
  const { issuer } = await discover();
  const audiences = [].concat(payload.aud);
  const problems = [
    !(await verifySignature(idToken, header)) && 'bad signature',
    payload.iss !== issuer && `iss ${payload.iss}`,
    !audiences.includes(config.clientId) && `aud ${payload.aud}`,
    !(payload.exp * 1000 > Date.now()) && 'expired',
    (nonceRequired || payload.nonce !== undefined) && payload.nonce !== expectedNonce && 'nonce mismatch',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`id_token rejected: ${problems.join(', ')}`);
  return payload;
}
