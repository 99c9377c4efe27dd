// Prepares what the wrk workloads of bench/run.sh need, over plain HTTP (Node's built-in fetch, no packages):
//
//   node prep.mjs refresh --issuer URL --authorize URL --token URL --client-id ID --redirect-uri URI --scope S
//                         --count N [--concurrency C] [--username U --password P] --out FILE
//     N distinct, valid refresh tokens, one per line, each from its own authorization code flow with PKCE (so each
//     is the live head of its own family). The first flow signs in and consents once: a sign-in or consent page
//     on the way (IdentityHost's) is submitted with --username/--password and "allow"; node-oidc-provider's bench
//     interaction completes by itself. The other flows reuse that browser session.
//   node prep.mjs form --url URL --body 'a=b&c=d' [--basic id:secret] --field NAME
//     One form POST; prints the named field of the JSON answer (for an access token).
//
// Exit code 0 on success; otherwise one line on standard error. PREP_DEBUG=1 prints every step of the flows.
import crypto from 'node:crypto';
import fs from 'node:fs';

const [command, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i += 2) opts[rest[i].replace(/^--/, '')] = rest[i + 1];

function fail(message) {
  process.stderr.write(`prep: ${message}\n`);
  process.exit(1);
}

// A cookie jar for one host: name -> value, from Set-Cookie (paths and expiry ignored: one short-lived client).
class Jar {
  cookies = new Map();

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // A copy for one flow: concurrent flows must not overwrite each other's per-flow cookies (paths are ignored).
  fork() {
    const copy = new Jar();
    copy.cookies = new Map(this.cookies);
    return copy;
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function request(jar, url, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (jar && jar.cookies.size) headers.cookie = jar.header();
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  if (jar) jar.store(response);
  return response;
}

const b64url = (buffer) => buffer.toString('base64url');

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text) => text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e) => {
  if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  return entities[e.toLowerCase()] ?? whole;
});
const attribute = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i'));
  return m ? decode(m[1]) : undefined;
};

// An HTML page with a POST form on the way (IdentityHost's sign-in or consent page): submit it as a person would,
// with the bench user's credentials and "allow". Returns the response to the POST, or undefined if there is no form.
async function submitForm(jar, pageUrl, html, o) {
  const form = html.match(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i);
  if (!form) return undefined;
  const action = new URL(attribute(form[0].match(/<form[^>]*>/i)[0], 'action') ?? pageUrl, pageUrl).href;
  const fields = new URLSearchParams();
  for (const tag of form[1].match(/<input[^>]*>/gi) ?? []) {
    const name = attribute(tag, 'name');
    if (!name) continue;
    if (/^user(name)?$/i.test(name)) fields.set(name, o.username ?? '');
    else if (/^password$/i.test(name)) fields.set(name, o.password ?? '');
    else if ((attribute(tag, 'type') ?? 'text').toLowerCase() === 'hidden') fields.set(name, attribute(tag, 'value') ?? '');
  }
  const allow = (form[1].match(/<button[^>]*>/gi) ?? []).find((tag) => /^(allow|accept|yes)$/i.test(attribute(tag, 'value') ?? ''));
  if (allow) fields.set(attribute(allow, 'name'), attribute(allow, 'value'));
  return request(jar, action, {
    method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

// One authorization code flow with PKCE, following the server's redirects (login/consent interactions included)
// until the redirect URI is reached; then the code is redeemed. Returns the token response.
async function codeFlow(sessionJar, o) {
  const jar = sessionJar.fork();
  const verifier = b64url(crypto.randomBytes(32));
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  const state = b64url(crypto.randomBytes(12));
  const query = new URLSearchParams({
    response_type: 'code', client_id: o['client-id'], redirect_uri: o['redirect-uri'], scope: o.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  let url = `${o.authorize}?${query}`;
  let forms = 0;
  for (let hop = 0; hop < 12; hop++) {
    let response = await request(jar, url);
    let text = await response.text();
    if (response.status === 200 && forms < 3) {
      // A sign-in or consent page (only on the first flow; later ones reuse the session and the consent).
      const submitted = await submitForm(jar, url, text, o);
      if (submitted) {
        forms++;
        response = submitted;
        text = await response.text();
      }
    }
    const shown = () => text.replace(/<style>[\s\S]*<\/style>/, '').replace(/\s+/g, ' ').slice(0, 600);
    if (process.env.PREP_DEBUG) process.stderr.write(`${response.status} ${url}\n${shown()}\n`);
    const location = response.headers.get('location');
    if (!location) fail(`authorization stopped at ${url.split('?')[0]} with HTTP ${response.status} (no redirect): ${shown()}`);
    const next = new URL(location, url);
    if (next.href.startsWith(o['redirect-uri'])) {
      const code = next.searchParams.get('code');
      if (!code) fail(`authorization error: ${next.searchParams.get('error')} ${next.searchParams.get('error_description') ?? ''}`);
      if (next.searchParams.get('state') !== state) fail('state mismatch in the authorization response');
      const tokens = await request(null, o.token, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code', code, redirect_uri: o['redirect-uri'], client_id: o['client-id'], code_verifier: verifier,
        }),
      });
      const json = await tokens.json();
      if (tokens.status !== 200) fail(`code redemption: HTTP ${tokens.status} ${JSON.stringify(json)}`);
      return json;
    }
    url = next.href;
  }
  return fail('too many redirects in the authorization flow');
}

async function prepareRefreshTokens(o) {
  for (const required of ['issuer', 'authorize', 'token', 'client-id', 'redirect-uri', 'scope', 'count', 'out']) {
    if (!o[required]) fail(`missing --${required}`);
  }
  const count = Number(o.count);
  const concurrency = Number(o.concurrency ?? 16);
  const jar = new Jar();

  // The first flow alone: it makes the session and the grant (consent) the others reuse.
  const firstJar = jar.fork();
  const first = await codeFlow({ fork: () => firstJar }, o);
  const session = firstJar;
  if (!first.refresh_token) fail(`no refresh_token in the token response: ${JSON.stringify(first)}`);
  const tokens = [first.refresh_token];
  let next = 1;
  const started = Date.now();
  async function worker() {
    while (next < count) {
      next++;
      const answer = await codeFlow(session, o);
      if (!answer.refresh_token) fail(`no refresh_token in the token response: ${JSON.stringify(answer)}`);
      tokens.push(answer.refresh_token);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (new Set(tokens).size !== tokens.length) fail('the server returned the same refresh token twice');
  fs.writeFileSync(o.out, `${tokens.join('\n')}\n`);
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`prep: ${tokens.length} refresh tokens in ${seconds.toFixed(1)} s -> ${o.out}\n`);
}

async function form(o) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (o.basic) headers.authorization = `Basic ${Buffer.from(o.basic).toString('base64')}`;
  const response = await fetch(o.url, { method: 'POST', headers, body: o.body });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    fail(`${o.url}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (o.field) {
    if (json[o.field] === undefined) fail(`${o.url}: HTTP ${response.status}, no ${o.field}: ${text.replace(/<style>[\s\S]*<\/style>/, "").slice(0, 1500)}`);
    process.stdout.write(`${typeof json[o.field] === 'string' ? json[o.field] : JSON.stringify(json[o.field])}\n`);
  } else {
    process.stdout.write(`${text}\n`);
  }
}

switch (command) {
  case 'refresh': await prepareRefreshTokens(opts); break;
  case 'form': await form(opts); break;
  default: fail(`unknown command '${command ?? ''}' (refresh | form)`);
}
