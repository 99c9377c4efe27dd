// The flows: sign in (authorization code + PKCE), finish sign-in on the callback, refresh, sign out.
import config from './config.js';
import { OAuthError, discover, randomValue, s256Challenge, tokenRequest, validateIdToken } from './oidc.js';
import { pendingSignIn, pendingSignOut, tokens } from './session.js';

const redirectUri = `${location.origin}/callback.html`;
const postLogoutRedirectUri = `${location.origin}/`;

export async function signIn() {
  const { authorization_endpoint: endpoint } = await discover();
  // RFC 7636 §4.1: a fresh high-entropy verifier per request (32 octets → 43 characters).
  const verifier = randomValue(32);
  const state = randomValue(16);
  const nonce = randomValue(16);
  pendingSignIn.save({ verifier, state, nonce });

  const url = new URL(endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: config.scope,
    state,
    nonce,
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(url);
}

/** Handles the authorization response in `query` (the callback page's location.search). */
export async function completeSignIn(query) {
  const response = new URLSearchParams(query);
  const pending = pendingSignIn.take();
  // RFC 6749 §10.12: a response whose state this tab did not send is not ours (CSRF, or a stale bookmark).
  if (!pending || response.get('state') !== pending.state) {
    throw new Error('This sign-in response does not match a request from this tab (state mismatch).');
  }
  // RFC 9207 §2.4: the response must come from the issuer we sent the user to (mix-up defence). A server that
  // advertises the parameter must send it; one that sends it must send exactly our issuer.
  const metadata = await discover();
  const iss = response.get('iss');
  if (iss !== null ? iss !== metadata.issuer : metadata.authorization_response_iss_parameter_supported === true) {
    throw new Error(`The authorization response came from issuer ${iss ?? '(none)'}, expected ${metadata.issuer}.`);
  }
  if (response.has('error')) throw new OAuthError(response.get('error'), response.get('error_description'));
  const code = response.get('code');
  if (!code) throw new Error('The authorization response has no code.');

  const issued = await tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: pending.verifier,
  });
  const claims = await validateIdToken(issued.id_token, { nonce: pending.nonce });
  tokens.save(toSession(issued, issued.id_token, claims, config.scope, 0));
}

/** Exchanges the refresh token for new tokens; the server rotates the refresh token itself. */
export async function refresh() {
  const current = tokens.load();
  if (!current?.refreshToken) throw new Error('No refresh token: was offline_access granted?');
  const issued = await tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
  let { idToken, claims } = current;
  if (issued.id_token) {
    // OpenID Connect Core §12.2: a refreshed id_token is about the same user and the same authentication.
    const refreshed = await validateIdToken(issued.id_token, { nonce: claims.nonce, nonceRequired: false });
    if (refreshed.sub !== claims.sub || refreshed.auth_time !== claims.auth_time) {
      throw new Error('The refreshed id_token is not about the same sign-in.');
    }
    ({ idToken, claims } = { idToken: issued.id_token, claims: refreshed });
  }
  const next = toSession({ ...issued, refresh_token: issued.refresh_token ?? current.refreshToken }, idToken, claims, current.scope, current.refreshCount + 1);
  tokens.save(next);
  return next;
}

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): the server ends its session and sends us back. */
export async function signOut() {
  const current = tokens.load();
  tokens.clear();
  const { end_session_endpoint: endpoint } = await discover();
  const state = randomValue(16);
  pendingSignOut.save(state);
  const url = new URL(endpoint);
  const parameters = { client_id: config.clientId, post_logout_redirect_uri: postLogoutRedirectUri, state };
  if (current?.idToken) parameters.id_token_hint = current.idToken;
  url.search = new URLSearchParams(parameters);
  location.assign(url);
}

/** Whether `query` is the server sending the browser back after logout, with the state this tab sent. */
export function isSignOutReturn(query) {
  const state = new URLSearchParams(query).get('state');
  return state !== null && state === pendingSignOut.take();
}

// The access token is opaque to this app (it is for the API): what it grants is read from the response, whose
// scope may be left out when it equals the request (RFC 6749 §5.1).
function toSession(issued, idToken, claims, requestedScope, refreshCount) {
  return {
    accessToken: issued.access_token,
    refreshToken: issued.refresh_token ?? null,
    idToken,
    claims,
    scope: issued.scope ?? requestedScope,
    expiresAt: Date.now() + issued.expires_in * 1000,
    refreshCount,
  };
}
