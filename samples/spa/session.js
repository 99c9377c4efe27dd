// Where this SPA keeps its state: sessionStorage.
// - Not memory alone: the authorization response arrives on callback.html, a separate page load, and the user may
//   reload; memory would lose the PKCE verifier and the tokens on every navigation.
// - Not localStorage: sessionStorage belongs to this tab only and is cleared when the tab closes, so tokens are
//   neither shared with other tabs nor left on disk after the session.
// Script running on this origin could still read them (as it could read memory), which is why SpaHost sends a
// strict Content-Security-Policy, access tokens are short-lived, and the server rotates the refresh token on each
// use so a stolen one is detected (RFC 9700 §4.14.2).
const keys = { pending: 'spa.pending', tokens: 'spa.tokens', logout: 'spa.logout' };

function read(key) {
  const value = sessionStorage.getItem(key);
  return value ? JSON.parse(value) : null;
}

function write(key, value) {
  if (value === null) sessionStorage.removeItem(key);
  else sessionStorage.setItem(key, JSON.stringify(value));
}

/** The verifier, state and nonce of the sign-in in progress; taking them ends it, so a response is used once. */
export const pendingSignIn = {
  save: (value) => write(keys.pending, value),
  take: () => { const value = read(keys.pending); write(keys.pending, null); return value; },
};

export const tokens = { load: () => read(keys.tokens), save: (value) => write(keys.tokens, value), clear: () => write(keys.tokens, null) };

/** The state sent with the logout request, checked when the browser comes back. */
export const pendingSignOut = {
  save: (value) => write(keys.logout, value),
  take: () => { const value = read(keys.logout); write(keys.logout, null); return value; },
};
