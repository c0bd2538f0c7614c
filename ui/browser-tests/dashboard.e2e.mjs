#!/usr/bin/env node
// The dashboard's browser test: Debian's headless Chromium driven by playwright-core (no browser
// download), against a running TrueLift (the build runs it against the whole real system from
// devstack's EndToEndIT; `--base-url` can point at any instance). One page stays open from
// sign-in to the end, so an alert that appears in it arrived live, without a reload.
//
// Steps: sign-in (wrong password refused, HttpOnly cookie) -> the promotion's alert arrives in the
// feed live -> its detail (chart or its empty note, decomposition, analysis, timeline) -> a viewer
// sees the actions disabled with the reason -> stop the promotion through the confirm dialog and
// see the action EXECUTED -> a what-if on the promotions page -> the effectiveness page -> tablet
// size -> sign out, and a signed-out page sends you to sign-in. Screenshots at 1366x768 and
// 768x1024 go to --screenshots.
//
// Each finished step prints one line `E2E {"step": ..., ...}` (JSON). With --gated the test waits
// before taking the action until a line `go act` arrives on stdin, so a caller can get ready
// (EndToEndIT positions its Kafka consumers first). Exit code 0 when every step passed.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const defaults = {
  'base-url': '',
  user: 'manager',
  'viewer-user': 'viewer',
  // The contract's demo password for the embedded users (devstack, ./truelift run).
  password: process.env.TRUELIFT_DEMO_PASSWORD ?? 'truelift-demo',
  promotion: 'P-HIGH',
  screenshots: resolve(import.meta.dirname, '../target/browser-screenshots'),
  chromium: '/usr/bin/chromium',
  'alert-timeout': '360',
  'analysis-timeout': '120',
  'action-timeout': '120',
  gated: 'false',
};
const options = { ...defaults };
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (!arg.startsWith('--')) throw new Error(`Unexpected argument ${arg}`);
  const [key, inline] = arg.slice(2).split('=', 2);
  if (!(key in defaults)) throw new Error(`Unknown option --${key}; known: ${Object.keys(defaults).join(', ')}`);
  options[key] = inline ?? (key === 'gated' ? 'true' : process.argv[++i]);
}
if (!options['base-url']) throw new Error('--base-url is required, e.g. --base-url http://localhost:8080');
const BASE = options['base-url'].replace(/\/$/, '');
const seconds = (key) => {
  const n = Number(options[key]);
  if (!(n > 0)) throw new Error(`--${key} must be a positive number of seconds, got ${options[key]}`);
  return n * 1000;
};
const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 768, height: 1024 };
mkdirSync(options.screenshots, { recursive: true });
// Only this run's pictures (a failure.png from an earlier run would mislead).
for (const f of readdirSync(options.screenshots)) if (f.endsWith('.png')) rmSync(resolve(options.screenshots, f));

const started = Date.now();
const screenshots = [];
function report(step, details = {}) {
  console.log(`E2E ${JSON.stringify({ step, ok: true, atSeconds: Math.round((Date.now() - started) / 1000), ...details })}`);
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}
/** The whole page, or with `{ fullPage: false }` exactly what the window shows (e.g. a panel scrolled to its end). */
async function shoot(page, name, { fullPage = true } = {}) {
  const path = resolve(options.screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage });
  screenshots.push(path);
}

const stdinLines = [];
const stdinWaiters = [];
if (options.gated === 'true') {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const waiter = stdinWaiters.shift();
    if (waiter) waiter(line.trim());
    else stdinLines.push(line.trim());
  });
}
/** With --gated, waits for `go <gate>` on stdin. */
async function gate(name) {
  if (options.gated !== 'true') return;
  report(`waiting-${name}`);
  for (;;) {
    const line = stdinLines.shift() ?? (await new Promise((r) => stdinWaiters.push(r)));
    if (line === `go ${name}`) return;
    if (line === 'abort') throw new Error(`Aborted by the caller at gate ${name}`);
  }
}

async function signIn(page, user) {
  await page.getByTestId('signin-username').fill(user);
  await page.getByTestId('signin-password').fill(options.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('session-user').waitFor({ timeout: 15_000 });
  const shown = await page.getByTestId('session-user').innerText();
  check(shown.includes(user), `expected the header to show user ${user}, got "${shown}"`);
}

/** The page was not reloaded since sign-in: a reload would have dropped this window property. */
async function assertNoReload(page, what) {
  check((await page.evaluate(() => window.__trueliftE2e)) === 'same-page', `the page was reloaded before ${what}`);
}

const browser = await chromium.launch({
  executablePath: options.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
let page;
try {
  const context = await browser.newContext({ viewport: LAPTOP });
  page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));

  // 1. Sign-in: unauthenticated, the app sends you to the sign-in page; a wrong password is refused there.
  await page.goto(`${BASE}/`);
  await page.getByTestId('signin-form').waitFor({ timeout: 30_000 });
  check(page.url().includes('#/signin'), `expected to be sent to #/signin, at ${page.url()}`);
  await shoot(page, 'signin-laptop');
  await page.getByTestId('signin-username').fill(options.user);
  await page.getByTestId('signin-password').fill(`${options.password}-wrong`);
  await page.getByTestId('signin-submit').click();
  const refused = await page.getByTestId('signin-error').innerText({ timeout: 15_000 });
  check(/wrong user name or password/i.test(refused), `expected a wrong-password message, got "${refused}"`);
  await signIn(page, options.user);
  const role = (await page.getByTestId('session-role').innerText()).toLowerCase();
  const cookies = await context.cookies(BASE);
  const session = cookies.find((c) => c.name === 'truelift_session');
  check(session, `no truelift_session cookie after sign-in (cookies: ${cookies.map((c) => c.name).join(', ') || 'none'})`);
  check(session.httpOnly, 'the session cookie is readable by scripts (not HttpOnly)');
  check(!(await page.evaluate(() => document.cookie)).includes('truelift_session'), 'document.cookie shows the session');
  await page.evaluate(() => {
    window.__trueliftE2e = 'same-page';
  });
  await page.getByTestId('live-indicator').and(page.locator('[data-state="live"]')).waitFor({ timeout: 30_000 });
  const row = page.locator(`[data-testid="alert-row"][data-promotion-id="${options.promotion}"]`);
  const alreadyThere = await row.count();
  check(alreadyThere === 0, `an alert for ${options.promotion} was already listed at sign-in, so its live arrival cannot be shown`);
  report('signed-in', { user: options.user, role });

  // 2. The alert arrives in the open page over the live stream.
  await row.first().waitFor({ timeout: seconds('alert-timeout') });
  await assertNoReload(page, 'the alert arrived');
  const alertId = await row.first().getAttribute('data-alert-id');
  await shoot(page, 'overview-live-alert-laptop');
  report('live-alert', { alertId, promotionId: options.promotion });

  // 3. Open it from the keyboard: focus its link, Enter.
  await row.first().locator('a.row-link').focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('alert-detail');
  await detail.and(page.locator(`[data-alert-id="${alertId}"]`)).waitFor();
  check(page.url().includes(`#/alerts/${encodeURIComponent(alertId)}`), `expected the alert's route, at ${page.url()}`);
  await page.getByTestId('analysis').waitFor({ timeout: seconds('analysis-timeout') });
  const analyst = await page.getByTestId('analyst').innerText();
  check(/^(Deterministic analyst|AI analyst \(.+\))$/.test(analyst), `unexpected analyst label "${analyst}"`);
  const primary = await page.getByTestId('recommendation-primary').innerText();
  check(primary.startsWith('Recommended:'), `no primary recommendation, got "${primary}"`);
  const alternatives = await page.getByTestId('recommendation-alternatives').locator('li').count();
  check((await page.getByTestId('decomposition').locator('dd').count()) >= 3, 'the decomposition shows fewer than 3 figures');
  await page.getByTestId('timeline').locator('li[data-kind="DETECTED"]').waitFor();
  const panels = await page.getByTestId('series-panel').count();
  if (panels > 0) {
    const svg = page.getByTestId('series-panel').first().locator('svg[role="img"]');
    check((await svg.locator('title').count()) === 1 && (await svg.locator('desc').count()) === 1, 'the chart has no title/description');
    check((await page.getByTestId('series-table').locator('tbody tr').count()) > 0, 'the chart has no data table');
  }
  await assertNoReload(page, 'the detail opened');
  await shoot(page, 'alert-detail-laptop');
  report('alert-detail', { alertId, analyst, alternatives, chartPanels: panels });

  // 4. A viewer sees the same alert with the actions disabled, and why.
  const viewerContext = await browser.newContext({ viewport: LAPTOP });
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto(`${BASE}/#/alerts/${encodeURIComponent(alertId)}`);
  await viewerPage.getByTestId('signin-form').waitFor({ timeout: 30_000 });
  await signIn(viewerPage, options['viewer-user']);
  await viewerPage.getByTestId('alert-detail').and(viewerPage.locator(`[data-alert-id="${alertId}"]`)).waitFor();
  await viewerPage.getByTestId('action-stop').waitFor();
  check(await viewerPage.getByTestId('action-stop').isDisabled(), 'a viewer can press "Stop promotion"');
  const reason = await viewerPage.getByTestId('actions-disabled-reason').innerText();
  check(/only a manager/i.test(reason), `expected the reason the actions are disabled, got "${reason}"`);
  await viewerPage.getByTestId('actions-disabled-reason').scrollIntoViewIfNeeded();
  await shoot(viewerPage, 'alert-detail-viewer-laptop', { fullPage: false });
  await viewerContext.close();
  report('viewer-read-only', { reason });

  // 5. Stop the promotion: the dialog traps focus and closes on Escape; confirm; see it executed.
  await gate('act');
  const stop = page.getByTestId('action-stop');
  check(await stop.isEnabled(), `"Stop promotion" is disabled for ${options.user}`);
  await stop.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  check(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus is not in the confirm dialog');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  check(await dialog.evaluate((d) => d.contains(document.activeElement)), 'Tab left the confirm dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  check(await stop.evaluate((b) => b === document.activeElement), 'focus did not return to "Stop promotion" after Escape');
  await stop.click();
  await page.getByTestId('confirm-ok').click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  const status = page.getByTestId('action-status').first();
  await status.waitFor({ timeout: 15_000 });
  const firstStatus = await status.innerText();
  await page.getByTestId('action-status').getByText('EXECUTED', { exact: true }).waitFor({ timeout: seconds('action-timeout') });
  await page.getByTestId('alert-status').getByText('ACTIONED', { exact: true }).waitFor({ timeout: 30_000 });
  await assertNoReload(page, 'the action was executed');
  await page.getByTestId('action-history').scrollIntoViewIfNeeded();
  await shoot(page, 'action-executed-laptop', { fullPage: false });
  report('action-executed', { alertId, firstStatus, finalStatus: 'EXECUTED' });

  // 6. What-if on the promotions page, for the promoted item at 25 % off.
  await page.getByTestId('nav-promotions').click();
  await page.getByTestId('whatif-form').waitFor();
  // The item and its regular price: from the catalogue, else from the alert's promotion.
  const getJson = async (path) => {
    const response = await page.request.get(`${BASE}${path}`);
    check(response.ok(), `GET ${path} answered ${response.status()}`);
    return response.json();
  };
  const promotedSku = (await getJson(`/api/alerts/${encodeURIComponent(alertId)}`)).promotedSku;
  const products = await getJson('/api/products');
  let regularPriceCents = products.find((p) => p.sku === promotedSku)?.regularPriceCents;
  if (regularPriceCents === undefined) {
    const promotions = (await getJson('/api/promotions')).items;
    regularPriceCents = promotions.find((p) => p.promotionId === options.promotion)?.regularPriceCents;
  }
  check(regularPriceCents > 0, `no regular price known for ${promotedSku} (GET /api/products and /api/promotions)`);
  const product = { sku: promotedSku, regularPriceCents };
  const price = (Math.floor(product.regularPriceCents * 0.75) / 100).toFixed(2);
  const skuField = page.getByTestId('whatif-sku');
  if ((await skuField.evaluate((e) => e.tagName)) === 'SELECT') await skuField.selectOption(product.sku);
  else await skuField.fill(product.sku);
  await page.getByTestId('whatif-price').fill(price);
  await page.getByTestId('whatif-hours').fill('72');
  await page.getByTestId('whatif-submit').click();
  const result = page.getByTestId('whatif-result');
  await result.waitFor({ timeout: 30_000 });
  const figures = {};
  for (const id of ['whatif-gross', 'whatif-cannibalized', 'whatif-net-units', 'whatif-margin']) {
    figures[id] = (await page.getByTestId(id).locator('[aria-hidden="true"]').innerText()).replace(/\s+/g, ' ').trim();
    check(figures[id] !== '' && figures[id] !== '–', `what-if figure ${id} is empty`);
  }
  check(Object.values(figures).some((f) => / to /.test(f)), `no what-if figure shows an interval: ${JSON.stringify(figures)}`);
  await shoot(page, 'whatif-laptop');
  report('what-if', { sku: product.sku, price, ...figures });

  // 7. Effectiveness page.
  await page.getByTestId('nav-effectiveness').click();
  await page.getByRole('heading', { name: 'Effectiveness', level: 1 }).waitFor();
  await page.getByRole('heading', { name: /Measured actions/ }).waitFor();
  await page.locator('[data-testid="effectiveness-table"], .empty, .error').first().waitFor({ timeout: 15_000 });
  const measured = await page.getByTestId('effectiveness-row').count();
  await shoot(page, 'effectiveness-laptop');
  report('effectiveness', { rows: measured });

  // 8. Tablet: the same pages fit 768 px without the page itself scrolling sideways.
  await page.setViewportSize(TABLET);
  const fits = async (what) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 1, `${what} is ${overflow}px wider than a tablet screen`);
  };
  await page.getByTestId('nav-promotions').click();
  await page.getByTestId('whatif-form').waitFor();
  await fits('the promotions page');
  await shoot(page, 'promotions-tablet');
  await page.getByTestId('nav-overview').click();
  await page.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"] a.row-link`).click();
  await page.getByTestId('analysis').waitFor();
  await fits('the alert detail');
  await shoot(page, 'alert-detail-tablet');
  await page.setViewportSize(LAPTOP);
  report('tablet', {});

  // 9. Sign out; a signed-out deep link lands on sign-in and comes back after it.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('signin-form').waitFor();
  await page.goto(`${BASE}/#/promotions`);
  await page.getByTestId('signin-form').waitFor();
  check(page.url().includes('#/signin?next='), `expected a sign-in redirect remembering the page, at ${page.url()}`);
  await signIn(page, options.user);
  await page.getByTestId('whatif-form').waitFor();
  report('signed-out-redirect', {});

  report('done', { screenshots });
} catch (e) {
  if (page) await shoot(page, 'failure').catch(() => undefined);
  console.error(`E2E FAILED: ${e instanceof Error ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  // stdin may still be open (--gated): do not wait for it.
  process.exit(process.exitCode ?? 0);
}
