// The dashboard's two pages, served from the binary: the machine running lasis-fleet may have no
// internet, so no CDN, no web fonts, no framework. Every text from a device is put in with
// textContent (never innerHTML), so a device name or event field cannot inject markup.
#include "fleet/dashboardserver.h"

namespace lasis::fleetsvc {

const std::string& loginPage() {
  static const std::string page = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lasis fleet — log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#f3f4f6;display:flex;justify-content:center;align-items:center;height:100vh;margin:0}
form{background:#fff;padding:2em;border-radius:8px;box-shadow:0 1px 4px #0002;display:flex;flex-direction:column;gap:.8em;min-width:18em}
input,button{font-size:1em;padding:.5em}button{background:#1d4ed8;color:#fff;border:0;border-radius:4px}
#err{color:#b91c1c;min-height:1.2em}
</style></head><body>
<form id="f"><h1>Lasis fleet</h1>
<label>User <input id="user" autocomplete="username" required></label>
<label>Password <input id="password" type="password" autocomplete="current-password" required></label>
<button>Log in</button><div id="err"></div></form>
<script>
document.getElementById('f').addEventListener('submit', async ev => {
  ev.preventDefault();
  const err = document.getElementById('err');
  err.textContent = 'Checking…';
  const r = await fetch('/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({user: document.getElementById('user').value, password: document.getElementById('password').value})});
  if (r.ok) { location.reload(); return; }
  const j = await r.json().catch(() => ({}));
  err.textContent = j.error || ('Refused: ' + r.status);
});
</script></body></html>
)HTML";
  return page;
}

const std::string& dashboardPage() {
  static const std::string page = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lasis fleet</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
:root{--ok:#15803d;--bad:#b91c1c;--warn:#b45309;--mute:#6b7280}
body{font-family:system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111827}
header{background:#1e3a8a;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center}
header h1{font-size:1.2em;margin:0;flex:1}#broker{font-size:.9em}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1em;padding:1em}
section{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:.8em 1em}
h2{font-size:1.05em;margin:.2em 0 .6em}h3{font-size:.95em;margin:.8em 0 .3em;color:#1e3a8a}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{text-align:left;padding:.25em .4em;border-bottom:1px solid #e5e7eb}
th{color:var(--mute);font-weight:600}
.state-online{color:var(--ok);font-weight:600}.state-offline{color:var(--bad);font-weight:600}.state-unknown{color:var(--mute)}
.bad{color:var(--bad);font-weight:600}.warn{color:var(--warn);font-weight:600}
#summary{display:flex;gap:1em;flex-wrap:wrap;margin-bottom:.5em}#summary div{background:#eef2ff;border-radius:6px;padding:.4em .8em}
#summary b{display:block;font-size:1.4em}
.filters{display:flex;gap:.5em;flex-wrap:wrap;margin-bottom:.5em}select,input,button{font-size:.9em;padding:.3em}
#events{max-height:28em;overflow:auto}#chart svg{width:100%;height:180px}
.legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em}
#cmdresult{font-size:.9em;margin-top:.4em}.flash{animation:flash 1.5s}@keyframes flash{from{background:#fef08a}to{background:transparent}}
</style></head><body>
<header><h1>Lasis fleet</h1><span id="broker"></span><span id="live">live: connecting…</span><button id="logout">Log out</button></header>
<main>
<div>
<section><h2>Branches and devices</h2><div id="summary"></div><div id="branches"></div></section>
<section><h2>People in and out per hour (last 24 h)</h2><div id="chart"></div>
<div class="legend"><span style="background:#2563eb"></span>in<span style="background:#f59e0b"></span>out</div></section>
</div>
<div>
<section><h2>Event log</h2>
<div class="filters"><select id="fbranch"><option value="">all branches</option></select>
<select id="fdevice"><option value="">all devices</option></select>
<select id="ftype"><option value="">all types</option><option>alarm</option><option>staff-call</option>
<option>queue_exception</option><option>queue_exception_resolved</option><option>fault</option><option>fault_cleared</option>
<option>offline_start</option><option>offline_end</option><option>counts</option></select></div>
<div id="events"><table><thead><tr><th>Received</th><th>Branch</th><th>Device</th><th>Type</th><th>Details</th></tr></thead><tbody id="evbody"></tbody></table></div>
</section>
<section><h2>Send a signed command</h2>
<div class="filters"><select id="cdevice"></select>
<select id="ccmd"><option>send-queue</option><option>silence-gate</option><option>reload</option><option>training-start</option>
<option>training-stop</option><option>notice</option></select>
<input id="ctext" placeholder="notice text (en)"><input id="csecs" type="number" value="600" min="1" max="86400" style="width:6em">
<button id="csend">Send</button></div><div id="cmdresult"></div></section>
</div>
</main>
<script>
'use strict';
let devices = [];
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; };
const ago = ms => { if (!ms) return '—'; const s = Math.round((Date.now() - ms) / 1000);
  return s < 60 ? s + ' s ago' : s < 3600 ? Math.round(s / 60) + ' min ago' : s < 86400 ? Math.round(s / 3600) + ' h ago' : Math.round(s / 86400) + ' d ago'; };
const f = (d, k) => (d.fields && d.fields[k] !== undefined) ? d.fields[k] : '';
async function api(path, opts) {
  const r = await fetch(path, opts);
  if (r.status === 401) { location.reload(); throw new Error('logged out'); }
  return r.json();
}
// The devices' own state names (docs/fleet.md, Devices), and the older ones this page first read.
function exceptionsOf(d) { const v = f(d, 'exceptions'); return v === undefined || v === '' ? f(d, 'queue_exceptions') : v; }
function callsOf(d) { const v = f(d, 'staff_call_waiting'); return v === undefined || v === '' ? Number(f(d, 'staff_calls_waiting')) || 0 : (v === true ? 1 : 0); }
function faultsOf(d) {
  const v = f(d, 'fault'); const list = v === undefined || v === '' || v === null ? f(d, 'faults') : v;
  return Array.isArray(list) ? list : (list ? [String(list)] : []);
}
function renderDevices() {
  const box = document.getElementById('branches'); box.replaceChildren();
  const byBranch = {};
  for (const d of devices) (byBranch[d.branch] = byBranch[d.branch] || []).push(d);
  const online = devices.filter(d => d.state === 'online').length;
  const alarms = devices.reduce((n, d) => n + (d.alarms_today || 0), 0);
  const calls = devices.reduce((n, d) => n + callsOf(d), 0);
  const faulty = devices.filter(d => faultsOf(d).length).length;
  const sum = document.getElementById('summary'); sum.replaceChildren();
  for (const [label, v] of [['devices online', online + ' / ' + devices.length], ['alarms today', alarms], ['staff calls waiting', calls], ['devices with faults', faulty]]) {
    const c = el('div'); c.append(el('b', v), label); sum.append(c);
  }
  for (const b of Object.keys(byBranch).sort()) {
    box.append(el('h3', b));
    const t = el('table'); const h = el('tr');
    for (const c of ['Device', 'Kind', 'State', 'Last seen', 'Queue', 'Exceptions', 'Alarms today', 'Staff calls', 'Faults', 'Version']) h.append(el('th', c));
    t.append(h);
    for (const d of byBranch[b]) {
      const r = el('tr'); r.id = 'dev-' + d.branch + '-' + d.device;
      const faults = faultsOf(d);
      r.append(el('td', d.device), el('td', d.kind), el('td', d.state, 'state-' + (['online', 'offline'].includes(d.state) ? d.state : 'unknown')),
        el('td', ago(d.last_seen_ms)), el('td', f(d, 'queue_depth')), el('td', exceptionsOf(d), Number(exceptionsOf(d)) > 0 ? 'warn' : ''),
        el('td', d.alarms_today, d.alarms_today > 0 ? 'warn' : ''), el('td', callsOf(d)),
        el('td', faults.join(', '), faults.length ? 'bad' : ''), el('td', d.version));
      t.append(r);
    }
    box.append(t);
  }
  const fill = (id, values, first) => { const s = document.getElementById(id); const cur = s.value; s.replaceChildren();
    if (first) s.append(new Option(first, '')); for (const v of values) s.append(new Option(v, v)); s.value = cur; };
  fill('fbranch', [...new Set(devices.map(d => d.branch))].sort(), 'all branches');
  fill('fdevice', [...new Set(devices.map(d => d.device))].sort(), 'all devices');
  fill('cdevice', devices.map(d => d.network + '/' + d.branch + '/' + d.device));
}
function eventRow(e, flash) {
  const r = el('tr', undefined, flash ? 'flash' : '');
  const details = Object.entries(e.fields || {}).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' ');
  r.append(el('td', new Date(e.received_ms).toLocaleString()), el('td', e.branch), el('td', e.device), el('td', e.type, e.type === 'alarm' ? 'bad' : ''), el('td', details));
  return r;
}
function matches(e) {
  const b = document.getElementById('fbranch').value, d = document.getElementById('fdevice').value, t = document.getElementById('ftype').value;
  return (!b || e.branch === b) && (!d || e.device === d) && (!t || e.type === t);
}
async function loadEvents() {
  const p = new URLSearchParams({limit: '200'});
  for (const [id, k] of [['fbranch', 'branch'], ['fdevice', 'device'], ['ftype', 'type']]) { const v = document.getElementById(id).value; if (v) p.set(k, v); }
  const j = await api('/api/events?' + p);
  document.getElementById('evbody').replaceChildren(...j.events.map(e => eventRow(e, false)));
}
async function loadDevices() {
  const j = await api('/api/devices'); devices = j.devices;
  document.getElementById('broker').textContent = j.broker_connected ? 'broker: connected' : 'broker: NOT connected';
  renderDevices();
}
async function loadChart() {
  const j = await api('/api/counts'); const hours = j.hours;
  const max = Math.max(1, ...hours.map(h => Math.max(h.in, h.out)));
  const W = 720, H = 160, bw = W / hours.length;
  const ns = 'http://www.w3.org/2000/svg'; const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (H + 20)); svg.setAttribute('role', 'img');
  hours.forEach((h, i) => {
    for (const [v, off, color] of [[h.in, 0.1, '#2563eb'], [h.out, 0.5, '#f59e0b']]) {
      const r = document.createElementNS(ns, 'rect'); const hh = v / max * H;
      r.setAttribute('x', i * bw + bw * off); r.setAttribute('width', bw * 0.4); r.setAttribute('y', H - hh); r.setAttribute('height', hh); r.setAttribute('fill', color);
      const t = document.createElementNS(ns, 'title'); t.textContent = new Date(h.hour_ms).getHours() + ':00 — ' + v; r.append(t); svg.append(r);
    }
    if (i % 3 === 0) { const t = document.createElementNS(ns, 'text'); t.setAttribute('x', i * bw); t.setAttribute('y', H + 15); t.setAttribute('font-size', '11');
      t.textContent = new Date(h.hour_ms).getHours() + ':00'; svg.append(t); }
  });
  document.getElementById('chart').replaceChildren(svg);
}
function connectLive() {
  const es = new EventSource('/api/live'); const live = document.getElementById('live');
  es.onopen = () => { live.textContent = 'live: on'; };
  es.onerror = () => { live.textContent = 'live: reconnecting…'; };
  es.addEventListener('device', m => { const d = JSON.parse(m.data);
    const i = devices.findIndex(x => x.network === d.network && x.branch === d.branch && x.device === d.device);
    if (i >= 0) devices[i] = d; else devices.push(d); renderDevices(); });
  es.addEventListener('event', m => { const e = JSON.parse(m.data);
    const dev = devices.find(x => x.branch === e.branch && x.device === e.device);
    if (dev) { dev.last_seen_ms = e.received_ms; if (e.type === 'alarm') dev.alarms_today = (dev.alarms_today || 0) + 1; renderDevices(); }
    if (matches(e)) document.getElementById('evbody').prepend(eventRow(e, true));
    if (e.type === 'counts') loadChart(); });
}
for (const id of ['fbranch', 'fdevice', 'ftype']) document.getElementById(id).addEventListener('change', loadEvents);
document.getElementById('logout').addEventListener('click', async () => { await fetch('/logout', {method: 'POST'}); location.reload(); });
document.getElementById('csend').addEventListener('click', async () => {
  const cmd = document.getElementById('ccmd').value; const args = {};
  if (cmd === 'notice') { args.text = {en: document.getElementById('ctext').value}; args.seconds = Number(document.getElementById('csecs').value); }
  const out = document.getElementById('cmdresult'); out.textContent = 'Sending…';
  const j = await api('/api/command', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({device: document.getElementById('cdevice').value, cmd, args})});
  out.textContent = j.ok ? ('Sent ' + j.cmd + ' to ' + j.device + ' (seq ' + j.seq + ')') : ('Refused: ' + j.error);
  out.className = j.ok ? '' : 'bad';
});
loadDevices().then(loadEvents); loadChart(); connectLive();
setInterval(renderDevices, 30000);
</script></body></html>
)HTML";
  return page;
}

} // namespace lasis::fleetsvc
