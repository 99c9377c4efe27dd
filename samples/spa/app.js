// The home page: signed out, a Sign-in button; signed in, the user's claims, userinfo, the API's items,
// Refresh and Sign out. Values are shown with textContent only, never as HTML.
import config from './config.js';
import { discover } from './oidc.js';
import { isSignOutReturn, refresh, signIn, signOut } from './auth.js';
import { tokens } from './session.js';

const $ = (id) => document.getElementById(id);

function showStatus(message, isError = false) {
  $('status').textContent = message;
  $('status').className = isError ? 'status error' : 'status';
}

function run(action) {
  return async () => {
    try {
      await action();
    } catch (error) {
      showStatus(error.message, true);
    }
  };
}

function fillTable(table, entries) {
  table.replaceChildren(...entries.map(([name, value]) => {
    const row = document.createElement('tr');
    const th = document.createElement('th');
    const td = document.createElement('td');
    th.textContent = name;
    td.textContent = typeof value === 'object' ? JSON.stringify(value) : String(value);
    row.append(th, td);
    return row;
  }));
}

function showTokenInfo(session) {
  $('token-info').textContent =
    `Scope: ${session.scope}. Access token expires at ${new Date(session.expiresAt).toLocaleTimeString()}; ` +
    `refreshed ${session.refreshCount} time(s); refresh token ${session.refreshToken ? 'held' : 'none'}.`;
}

/** Calls the API with the access token (RFC 6750 §2.1); the API answers 401/403 with a WWW-Authenticate reason. */
async function callApi(method, path, body) {
  const response = await fetch(`${config.apiBaseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${tokens.load().accessToken}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    const reason = response.headers.get('WWW-Authenticate') ?? '';
    throw new Error(`${method} ${path}: HTTP ${response.status} ${reason}`.trim());
  }
  return response.status === 204 ? null : response.json();
}

async function loadUserInfo() {
  const { userinfo_endpoint: endpoint } = await discover();
  const response = await fetch(endpoint, { headers: { Authorization: `Bearer ${tokens.load().accessToken}` } });
  if (!response.ok) throw new Error(`userinfo: HTTP ${response.status}`);
  fillTable($('userinfo'), Object.entries(await response.json()));
}

async function loadItems() {
  const items = await callApi('GET', '/items');
  $('items').replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    li.textContent = `#${item.id} ${item.name}`;
    return li;
  }));
  $('items-empty').hidden = items.length > 0;
  showStatus(`Loaded ${items.length} item(s) from the API.`);
}

async function addItem(event) {
  event.preventDefault();
  const name = $('new-item-name').value.trim();
  if (!name) return;
  await callApi('POST', '/items', { name });
  $('new-item-name').value = '';
  await loadItems();
}

async function refreshTokens() {
  const session = await refresh();
  showTokenInfo(session);
  fillTable($('claims'), Object.entries(session.claims));
  showStatus('Tokens refreshed.');
}

function render() {
  const session = tokens.load();
  $('signed-out').hidden = session !== null;
  $('signed-in').hidden = session === null;
  if (session) {
    $('user-name').textContent = session.claims.name ?? session.claims.preferred_username ?? session.claims.sub;
    fillTable($('claims'), Object.entries(session.claims));
    showTokenInfo(session);
    run(loadUserInfo)();
  }
}

$('sign-in').addEventListener('click', run(signIn));
$('sign-out').addEventListener('click', run(signOut));
$('refresh').addEventListener('click', run(refreshTokens));
$('load-items').addEventListener('click', run(loadItems));
$('add-item').addEventListener('submit', (event) => run(() => addItem(event))());

if (isSignOutReturn(location.search)) {
  showStatus('You have signed out.');
}
if (location.search) history.replaceState(null, '', location.pathname);
render();
