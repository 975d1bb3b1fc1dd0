// The web page of the virtual adapter (4.3.1: the technician sets the adapter from a web browser; Chrome is
// recommended). Plain HTML and a same-origin script (the CSP allows nothing else); the session token is
// kept in the page's memory only, so closing the tab logs off.
export const ADAPTER_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Wireless LAN adapter / 無線LANアダプタ</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}label{display:block;margin:.5rem 0}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}.error{color:#b00020}section{border-top:1px solid #ccc;padding-top:1rem;margin-top:1rem}</style>
<script src="/app.js" defer></script></head>
<body>
<h1>Wireless LAN adapter <small id="model"></small></h1>
<p id="message" role="status"></p>
<form id="logon"><h2>Log in / ログイン</h2>
<label>Password / パスワード <input type="password" name="password" autocomplete="current-password" required></label>
<button>Log in / ログイン</button></form>
<form id="password" hidden><h2>Set a new password / 新しいパスワードの設定</h2>
<p>The factory password only lets you set a new one. / 初期パスワードでは新しいパスワードの設定のみ可能です。</p>
<label>Current password / 現在のパスワード <input type="password" name="current" autocomplete="current-password" required></label>
<label>New password / 新しいパスワード <input type="password" name="next" autocomplete="new-password" required></label>
<button>Change / 変更</button></form>
<div id="main" hidden>
<section><h2>Status / 状態</h2><pre id="status"></pre></section>
<section><h2>Settings / 設定</h2><pre id="settings"></pre>
<form id="setting"><label>Setting / 設定項目 <select name="key"></select></label>
<label>Value (JSON) / 値 <textarea name="value" rows="4" cols="60"></textarea></label>
<label>Passphrase (personal modes) / パスフレーズ <input type="password" name="passphrase" autocomplete="off"></label>
<button>Write / 書込み</button></form></section>
<section><h2>Logs / ログ</h2><button id="readlogs" type="button">Read / 読出し</button> <button id="exportlogs" type="button">Export as text / テキスト出力</button><pre id="logs"></pre></section>
<p><button id="logoff" type="button">Log off / ログオフ</button></p>
</div>
</body></html>
`;

export const ADAPTER_PAGE_SCRIPT = `'use strict';
let token = null;
const $ = (id) => document.getElementById(id);
const say = (text, error) => { const m = $('message'); m.textContent = text; m.className = error ? 'error' : ''; };
async function api(method, path, body) {
  const r = await fetch(path, { method, headers: Object.assign({ 'Content-Type': 'application/json' }, token ? { Authorization: 'Bearer ' + token } : {}), body: body === undefined ? undefined : JSON.stringify(body) });
  const type = r.headers.get('Content-Type') || '';
  const data = type.startsWith('application/json') ? await r.json() : await r.text();
  if (!r.ok) { if (r.status === 401) show('logon'); throw new Error(data.error ? data.error.message : r.statusText); }
  return data;
}
function show(which) { $('logon').hidden = which !== 'logon'; $('password').hidden = which !== 'password'; $('main').hidden = which !== 'main'; }
async function refresh() {
  const d = await api('GET', '/api/settings');
  $('status').textContent = JSON.stringify(d.status, null, 2);
  $('settings').textContent = JSON.stringify(d.settings, null, 2);
  const sel = document.querySelector('#setting select');
  if (!sel.options.length) for (const k of Object.keys(d.settings)) sel.add(new Option(k, k));
}
$('logon').addEventListener('submit', async (e) => { e.preventDefault();
  try { const d = await api('POST', '/api/logon', { password: e.target.password.value }); e.target.reset(); token = d.token;
    if (d.mustChangePassword) { show('password'); say('Set a new password. / 新しいパスワードを設定してください。'); } else { show('main'); say(''); await refresh(); }
  } catch (err) { say(err.message, true); } });
$('password').addEventListener('submit', async (e) => { e.preventDefault();
  try { await api('POST', '/api/password', { current: e.target.current.value, next: e.target.next.value }); e.target.reset(); token = null; show('logon'); say('Password changed: log in with it. / パスワードを変更しました。新しいパスワードでログインしてください。'); }
  catch (err) { say(err.message, true); } });
$('setting').addEventListener('submit', async (e) => { e.preventDefault();
  try { const body = { value: JSON.parse(e.target.value.value) }; if (e.target.passphrase.value) body.passphrase = e.target.passphrase.value;
    await api('PUT', '/api/settings/' + e.target.key.value, body); e.target.passphrase.value = ''; say('Written. / 書き込みました。'); await refresh(); }
  catch (err) { say(err.message, true); } });
$('readlogs').addEventListener('click', async () => { try { const d = await api('GET', '/api/logs'); $('logs').textContent = d.entries.map((x) => x.at + '  ' + x.text).join('\\n'); } catch (err) { say(err.message, true); } });
$('exportlogs').addEventListener('click', async () => { try { const text = await api('GET', '/api/logs/export'); const a = document.createElement('a'); a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' })); a.download = 'adapter-log.txt'; a.click(); await refresh(); } catch (err) { say(err.message, true); } });
$('logoff').addEventListener('click', async () => { await api('POST', '/api/logoff').catch(() => {}); token = null; show('logon'); });
api('GET', '/api/identity').then((d) => { $('model').textContent = d.model; }).catch(() => {});
`;
