#!/usr/bin/env node
// A small in-memory stand-in for the TrueLift API (the issue 6 HTTP contract), serving the built
// dashboard from target/classes/assets. FOR DEVELOPING THE DASHBOARD ONLY: no test in the build
// runs against it (the browser tests in the build run against the real system, see devstack's
// EndToEndIT). Scenario: three old alerts; a new alert for P-HIGH arrives over SSE after
// --alert-after seconds and is analysed 2 s later; an action is executed 2 s after it is posted.
//
//   npm run build && npm run mock -- --port 5180 --alert-after 8
//   npm run e2e -- --base-url http://localhost:5180 --promotion P-HIGH
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const PORT = Number(args.port ?? 5180);
const ALERT_AFTER_MS = Number(args['alert-after'] ?? 8) * 1000;
const PASSWORD = args.password ?? 'truelift-demo';
const ASSETS = fileURLToPath(new URL('../target/classes/assets/', import.meta.url));
const USERS = { viewer: 'viewer', manager: 'manager', admin: 'admin' };

const sessions = new Map(); // token -> {username, role}
const streams = new Set();
const iso = (ms) => new Date(ms).toISOString();
const now = () => Date.now();
const iv = (estimate, spread) => ({ estimate, lower: estimate - spread, upper: estimate + spread });

const products = [
  ['PIZZA-4CH', 'Four cheese pizza', 'FROZEN', 'FROZEN_PIZZA', 599, 310],
  ['PIZZA-MARG', 'Margherita pizza', 'FROZEN', 'FROZEN_PIZZA', 549, 280],
  ['PIZZA-PEP', 'Pepperoni pizza', 'FROZEN', 'FROZEN_PIZZA', 629, 330],
  ['COLA-2L', 'Cola 2 l', 'DRINKS', 'SOFT_DRINKS', 249, 110],
  ['LEMON-2L', 'Lemonade 2 l', 'DRINKS', 'SOFT_DRINKS', 229, 100],
].map(([sku, name, category, subCategory, regularPriceCents, unitCostCents]) => ({ sku, name, category, subCategory, regularPriceCents, unitCostCents }));
const product = (sku) => products.find((p) => p.sku === sku);

const promotions = [
  promo('P-HIGH', 'PIZZA-4CH', 399, 'ACTIVE', now() - 3600e3),
  promo('P-NONE', 'COLA-2L', 199, 'ACTIVE', now() - 3600e3),
  promo('P-OLD', 'PIZZA-PEP', 449, 'ENDED', now() - 20 * 86400e3, now() - 13 * 86400e3, 'P-OLD:1'),
];
function promo(promotionId, sku, promoPriceCents, status, startsAt, endsAt = null, alertId = null) {
  const p = product(sku);
  return { promotionId, sku, productName: p.name, category: p.category, subCategory: p.subCategory, status, promoPriceCents, regularPriceCents: p.regularPriceCents, startsAt: iso(startsAt), endsAt: endsAt && iso(endsAt), alertId };
}

const alerts = new Map();
function makeAlert(alertId, promotionId, sku, severity, status, detectedAt, lost) {
  const a = {
    alertId, promotionId, promotedSku: sku, category: 'FROZEN', subCategory: 'FROZEN_PIZZA', status, severity,
    detectedAt: iso(detectedAt), grossLiftUnits: 120, cannibalizedUnits: 54, cannibalizationRate: 0.45, lostRevenueCents: lost,
    windowStart: iso(detectedAt - 6 * 3600e3), windowEnd: iso(detectedAt), testStatistic: 4.21, workflowId: `alert-${alertId}`,
    substitutes: [
      { sku: 'PIZZA-MARG', baselineUnits: 60, actualUnits: 28, lostUnits: 32, lostUnitsInterval: iv(32, 9) },
      { sku: 'PIZZA-PEP', baselineUnits: 50, actualUnits: 28, lostUnits: 22, lostUnitsInterval: iv(22, 7) },
    ],
    analysis: null, actions: [],
    estimate: {
      grossLiftUnits: iv(120, 25), cannibalizedUnits: iv(54, 14), pullForwardUnits: iv(8, 6), netUnits: iv(58, 28),
      netRevenueCents: iv(23100, 9000), netMarginCents: iv(-4200, 3900), cannibalizationRate: iv(0.45, 0.12),
    },
    series: [
      series(sku, 'PROMOTED', detectedAt, (i) => 10 + i * 3, () => 8),
      series('PIZZA-MARG', 'SUBSTITUTE', detectedAt, (i) => Math.max(1, 9 - i), () => 9),
      series('PIZZA-PEP', 'SUBSTITUTE', detectedAt, (i) => Math.max(1, 8 - i * 0.7), () => 8),
    ],
    timeline: [{ at: iso(detectedAt), kind: 'DETECTED', detail: 'z = 4.21 over 6 windows' }],
    effectiveness: null,
  };
  alerts.set(alertId, a);
  return a;
}
function series(sku, role, end, actual, baseline) {
  return { sku, role, points: Array.from({ length: 12 }, (_, i) => ({ windowStart: iso(end - (12 - i) * 1800e3), actualUnits: actual(i), baselineUnits: baseline(i) })) };
}
function analyse(a) {
  a.status = 'ANALYSED';
  a.analysis = {
    analyst: 'deterministic', confidence: 0.82,
    explanation: `${a.promotedSku} at the promotion price takes ${Math.round(a.cannibalizationRate * 100)}% of its lift from the two other frozen pizzas.`,
    recommendations: [
      { rank: 1, actionType: 'ADJUST_PRICE', newPriceCents: 479, title: 'Raise the promotion price to $4.79', rationale: 'Keeps most of the lift, halves the substitutes\u2019 loss.', expectedMarginChangeCents: 1800, expectedMarginChangeLowerCents: 900, expectedMarginChangeUpperCents: 2700 },
      { rank: 2, actionType: 'STOP_PROMOTION', newPriceCents: null, title: 'Stop the promotion', rationale: 'Substitutes recover within a day.', expectedMarginChangeCents: 2600, expectedMarginChangeLowerCents: 1400, expectedMarginChangeUpperCents: 3800 },
      { rank: 3, actionType: 'DISMISS', newPriceCents: null, title: 'Keep it running', rationale: 'Only if the promotion is strategic (traffic).', expectedMarginChangeCents: 0, expectedMarginChangeLowerCents: null, expectedMarginChangeUpperCents: null },
    ],
  };
  a.timeline.push({ at: iso(now()), kind: 'ANALYSED', detail: 'deterministic analyst' });
}
const old1 = makeAlert('P-OLD:1', 'P-OLD', 'PIZZA-PEP', 'MEDIUM', 'MEASURED', now() - 15 * 86400e3, 8120);
analyse(old1);
old1.status = 'MEASURED';
old1.actions = [{ actionId: randomUUID(), actionType: 'STOP_PROMOTION', newPriceCents: null, reason: null, actor: 'manager', requestedAt: iso(now() - 14 * 86400e3), status: 'EXECUTED', executedAt: iso(now() - 14 * 86400e3 + 4000) }];
old1.effectiveness = { alertId: 'P-OLD:1', actionType: 'STOP_PROMOTION', actionAt: iso(now() - 14 * 86400e3), measuredAt: iso(now() - 86400e3), groupMarginEffectCents: iv(5400, 2100), score: 78, outcome: 'IMPROVED', detail: 'Substitutes back to baseline within 20 h.' };
const old2 = makeAlert('P-JAN:1', 'P-JAN', 'PIZZA-MARG', 'LOW', 'DISMISSED', now() - 9 * 86400e3, 1990);
analyse(old2);
old2.status = 'CLOSED';
const effectivenessExtra = [{ alertId: 'P-JAN:1', actionType: 'ADJUST_PRICE', actionAt: iso(now() - 8 * 86400e3), measuredAt: iso(now() - 2 * 86400e3), groupMarginEffectCents: null, score: null, outcome: 'INSUFFICIENT_DATA', detail: 'Fewer than 30 sales after the action.' }];

function summary(a) {
  const { alertId, promotionId, promotedSku, category, subCategory, status, severity, detectedAt, grossLiftUnits, cannibalizedUnits, cannibalizationRate, lostRevenueCents } = a;
  return { alertId, promotionId, promotedSku, category, subCategory, status, severity, detectedAt, grossLiftUnits, cannibalizedUnits, cannibalizationRate, lostRevenueCents };
}
function broadcast(a) {
  const data = `event: alert\ndata: ${JSON.stringify(summary(a))}\n\n`;
  for (const res of streams) res.write(data);
}
setTimeout(() => {
  const a = makeAlert('P-HIGH:1', 'P-HIGH', 'PIZZA-4CH', 'HIGH', 'OPEN', now(), 12960);
  promotions[0].alertId = a.alertId;
  broadcast(a);
  setTimeout(() => {
    analyse(a);
    broadcast(a);
  }, 2000);
}, ALERT_AFTER_MS);

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
const fail = (res, status, message) => send(res, status, { code: status, message });
async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}
function currentUser(req) {
  const cookie = /(?:^|;\s*)truelift_session=([^;]+)/.exec(req.headers.cookie ?? '');
  return cookie ? sessions.get(cookie[1]) : undefined;
}
const SEVERITY = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

async function handleApi(req, res, url) {
  const path = url.pathname;
  if (path === '/api/session' && req.method === 'POST') {
    const { username, password } = await readJson(req);
    if (!USERS[username] || password !== PASSWORD) return fail(res, 401, 'Wrong user name or password');
    const token = randomUUID();
    sessions.set(token, { username, role: USERS[username] });
    return send(res, 200, { username, role: USERS[username], token }, { 'Set-Cookie': `truelift_session=${token}; Path=/; HttpOnly; SameSite=Strict` });
  }
  const user = currentUser(req);
  if (!user) return fail(res, 401, 'Sign in first');
  const manager = () => user.role === 'manager' || user.role === 'admin';
  if (path === '/api/session' && req.method === 'GET') return send(res, 200, user);
  if (path === '/api/session' && req.method === 'DELETE') {
    sessions.delete(/truelift_session=([^;]+)/.exec(req.headers.cookie)[1]);
    res.writeHead(204, { 'Set-Cookie': 'truelift_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0' });
    return res.end();
  }
  if (path === '/api/alerts/stream') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  if (path === '/api/stats') {
    const all = [...alerts.values()];
    return send(res, 200, {
      pendingAlerts: all.filter((a) => ['OPEN', 'ANALYSED', 'ESCALATED'].includes(a.status)).length,
      totalLostRevenueCents: all.reduce((s, a) => s + a.lostRevenueCents, 0), totalLostMarginCents: all.reduce((s, a) => s + Math.round(a.lostRevenueCents * 0.45), 0),
      averageCannibalizationRate: all.length ? all.reduce((s, a) => s + a.cannibalizationRate, 0) / all.length : 0,
      activePromotions: promotions.filter((p) => p.status === 'ACTIVE').length, alertCount: all.length,
      netLiftUnits: all.reduce((s, a) => s + a.grossLiftUnits - a.cannibalizedUnits, 0),
    });
  }
  if (path === '/api/alerts') {
    const q = url.searchParams;
    const sort = q.get('sort') ?? 'detectedAt';
    const sign = q.get('order') === 'asc' ? 1 : -1;
    const value = (a) => (sort === 'severity' ? SEVERITY[a.severity] : sort === 'detectedAt' ? Date.parse(a.detectedAt) : a[sort]);
    const text = (q.get('q') ?? '').toLowerCase();
    const items = [...alerts.values()]
      .filter((a) => (!q.get('status') || a.status === q.get('status')) && (!q.get('severity') || a.severity === q.get('severity')))
      .filter((a) => !text || [a.alertId, a.promotionId, a.promotedSku].some((f) => f.toLowerCase().includes(text)))
      .sort((a, b) => sign * (value(a) - value(b)));
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 50);
    return send(res, 200, { items: items.slice(offset, offset + limit).map(summary), total: items.length });
  }
  let m = /^\/api\/alerts\/([^/]+)(\/actions)?$/.exec(path);
  if (m) {
    const a = alerts.get(decodeURIComponent(m[1]));
    if (!a) return fail(res, 404, `No alert ${decodeURIComponent(m[1])}`);
    if (!m[2]) return send(res, 200, a);
    if (!manager()) return fail(res, 403, `${user.username} needs role manager`);
    if (a.actions.length > 0) return fail(res, 409, `Alert ${a.alertId} already has an action`);
    const body = await readJson(req);
    if (!['STOP_PROMOTION', 'ADJUST_PRICE', 'DISMISS'].includes(body.type)) return send(res, 422, { errors: [`type must be STOP_PROMOTION, ADJUST_PRICE or DISMISS, got ${body.type}`] });
    const action = { actionId: randomUUID(), actionType: body.type, newPriceCents: body.newPriceCents ?? null, reason: body.reason ?? null, actor: user.username, requestedAt: iso(now()), status: 'REQUESTED', executedAt: null };
    a.actions.push(action);
    a.timeline.push({ at: action.requestedAt, kind: 'ACTION_REQUESTED', detail: `${body.type} by ${user.username}` });
    setTimeout(() => {
      action.status = 'EXECUTED';
      action.executedAt = iso(now());
      a.status = body.type === 'DISMISS' ? 'DISMISSED' : 'ACTIONED';
      a.timeline.push({ at: action.executedAt, kind: a.status, detail: body.type });
      const p = promotions.find((x) => x.promotionId === a.promotionId);
      if (p && body.type === 'STOP_PROMOTION') p.status = 'STOPPED';
      if (p && body.type === 'ADJUST_PRICE') p.promoPriceCents = body.newPriceCents;
      broadcast(a);
    }, 2000);
    return send(res, 202, { actionId: action.actionId, alertId: a.alertId, type: body.type, status: 'REQUESTED' });
  }
  if (path === '/api/promotions' && req.method === 'GET') {
    const status = url.searchParams.get('status');
    const items = promotions.filter((p) => !status || p.status === status);
    return send(res, 200, { items, total: items.length });
  }
  if (path === '/api/promotions' && req.method === 'POST') {
    if (!manager()) return fail(res, 403, `${user.username} needs role manager`);
    const body = await readJson(req);
    if (!product(body.sku)) return send(res, 422, { errors: [`sku must be a known product, got ${body.sku}`] });
    const p = promo(`P-${randomUUID().slice(0, 6).toUpperCase()}`, body.sku, body.promoPriceCents, 'ACTIVE', body.startsAt ? Date.parse(body.startsAt) : now(), body.endsAt ? Date.parse(body.endsAt) : null);
    promotions.push(p);
    return send(res, 201, p);
  }
  if (path === '/api/promotions/what-if' && req.method === 'POST') {
    if (!manager()) return fail(res, 403, `${user.username} needs role manager`);
    const body = await readJson(req);
    const p = product(body.sku);
    if (!p) return send(res, 422, { errors: [`sku must be a known product, got ${body.sku}`] });
    const discount = 1 - body.promoPriceCents / p.regularPriceCents;
    const gross = Math.round(body.durationHours * 4 * discount * 3);
    const cannibalized = Math.round(gross * 0.4);
    const net = gross - cannibalized;
    const margin = net * (body.promoPriceCents - p.unitCostCents) - cannibalized * 150;
    return send(res, 200, {
      sku: p.sku, promoPriceCents: body.promoPriceCents, regularPriceCents: p.regularPriceCents, durationHours: body.durationHours,
      grossLiftUnits: iv(gross, Math.round(gross * 0.2)), cannibalizedUnits: iv(cannibalized, Math.round(cannibalized * 0.3)),
      netUnits: iv(net, Math.round(net * 0.35)), netMarginCents: iv(margin, Math.round(Math.abs(margin) * 0.4) + 500),
      substitutes: products.filter((x) => x.subCategory === p.subCategory && x.sku !== p.sku).map((x) => ({ sku: x.sku, lostUnits: iv(Math.round(cannibalized / 2), 4) })),
      modelVersion: 'mock-1',
    });
  }
  m = /^\/api\/promotions\/([^/]+)\/(stop|price)$/.exec(path);
  if (m && req.method === 'POST') {
    if (!manager()) return fail(res, 403, `${user.username} needs role manager`);
    const p = promotions.find((x) => x.promotionId === decodeURIComponent(m[1]));
    if (!p) return fail(res, 404, `No promotion ${m[1]}`);
    if (!['ACTIVE', 'PLANNED'].includes(p.status)) return fail(res, 409, `Promotion ${p.promotionId} is ${p.status}`);
    if (m[2] === 'stop') {
      p.status = 'STOPPED';
      p.endsAt = iso(now());
    } else {
      p.promoPriceCents = (await readJson(req)).promoPriceCents;
    }
    return send(res, 200, p);
  }
  if (path === '/api/effectiveness') {
    const items = [...[...alerts.values()].map((a) => a.effectiveness).filter(Boolean), ...effectivenessExtra];
    return send(res, 200, { items, total: items.length });
  }
  if (path === '/api/products') return send(res, 200, products);
  return fail(res, 404, `No such endpoint ${req.method} ${path}`);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (url.pathname.startsWith('/api/')) return await handleApi(req, res, url);
    const file = normalize(join(ASSETS, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!file.startsWith(ASSETS)) return fail(res, 404, 'Not found');
    const body = await readFile(file).catch(() => readFile(join(ASSETS, 'index.html')));
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'text/html' });
    res.end(body);
  } catch (e) {
    fail(res, 400, String(e));
  }
}).listen(PORT, '127.0.0.1', () => console.log(`mock API and dashboard on http://localhost:${PORT} (password ${PASSWORD}); P-HIGH alert in ${ALERT_AFTER_MS / 1000} s`));
