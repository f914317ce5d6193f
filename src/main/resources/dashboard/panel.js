/*
 * MirrorOS Licensing — partner panel.
 *
 * Everything shown comes from the /api/ with the partner's key (Authorization: Bearer). The key lives in
 * sessionStorage (this tab only) and never in a URL. Amounts arrive as decimal strings and are summed and divided
 * here as integers of the smallest unit (BigInt), never as floating point; Chart.js gets numbers for drawing only.
 * Live updates read /api/vaults/{id}/live with fetch() and a stream reader, because EventSource cannot send the
 * Authorization header.
 */
(() => {
  'use strict';

  const KEY_STORAGE = 'mirroros.licensing.partnerKey';
  const VAULT_STORAGE = 'mirroros.licensing.vaultId';
  /** Live events that arrive together refresh the panels once. */
  const REFRESH_DEBOUNCE_MS = 500;
  /** Reconnect delays of the live stream: doubled after each failure, capped, with jitter. */
  const LIVE_BACKOFF_MS_MIN = 1000;
  const LIVE_BACKOFF_MS_MAX = 30000;
  /** A stream that sends an unterminated event bigger than this is broken; it is dropped and reconnected. */
  const LIVE_BUFFER_CHARS_MAX = 65536;
  const FEED_ENTRIES_MAX = 25;
  const TOASTS_MAX = 3;
  const TOAST_MS = 6000;
  const RECENT_PAYMENTS = 8;
  const PAYOUTS_PAGE = 8;
  /** The export breakdown reads at most this many pages of 200 payments; beyond that it says it is partial. */
  /** A 429 is retried after its Retry-After, at most this many times and never waiting longer than the cap. */
  const RATE_LIMIT_RETRIES_MAX = 2;
  const RATE_LIMIT_WAIT_MS_MAX = 30000;

  const STREAMS = [
    { key: 'templates', label: 'Templates', color: '#4f46e5' },
    { key: 'hosting', label: 'Hosting', color: '#0d9488' },
    { key: 'exports', label: 'Exports', color: '#f59e0b' },
    { key: 'other', label: 'Other', color: '#94a3b8' },
  ];
  const EXPORT_PRODUCTS = [
    { type: 'agent_export', label: 'Agent exports', testid: 'agent-exports' },
    { type: 'loop_export', label: 'Agent-loop exports', testid: 'loop-exports' },
    { type: 'platform_fork', label: 'Platform forks', testid: 'platform-forks' },
  ];
  const PRODUCT_LABELS = {
    template: 'Template sale', hosted_platform: 'Hosting invoice', agent_export: 'Agent export',
    loop_export: 'Agent-loop export', platform_fork: 'Platform fork',
  };
  const STREAM_LABELS = { templates: 'Template', hosting: 'Hosting', exports: 'Export', other: 'Other' };

  const state = {
    key: null,
    me: null,
    vaultId: null,
    vault: null,
    currency: 'USD',
    analytics: null,
    chart: null,
    chartType: 'bar',
    /** Bumped on sign-out and on a vault change: work started for an older one is dropped. */
    generation: 0,
    liveAbort: null,
    pendingRefresh: new Set(),
    refreshTimer: null,
    payoutsCursor: null,
    offline: false,
  };

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- DOM

  /** Builds an element; text always goes in as text, never as HTML. */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [name, value] of Object.entries(props)) {
        if (value == null || value === false) continue;
        if (name === 'class') node.className = value;
        else if (name === 'text') node.textContent = value;
        else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
        else node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function panelBody(panel) {
    return document.querySelector(`[data-panel="${panel}"] .panel-body`);
  }

  function fill(panel, ...content) {
    const body = panelBody(panel);
    body.replaceChildren(...content.flat().filter((c) => c != null && c !== false));
    body.setAttribute('aria-busy', 'false');
    body.closest('.card').dataset.state = 'ready';
  }

  function showPanelError(panel, error, retry) {
    const body = panelBody(panel);
    body.setAttribute('aria-busy', 'false');
    body.closest('.card').dataset.state = 'error';
    body.replaceChildren(h('div', { class: 'panel-error', 'data-testid': `${panel}-error` },
      h('p', { text: describeError(error) }),
      h('button', { type: 'button', class: 'btn btn-small', onclick: retry }, 'Try again')));
  }

  function labelCells(row, headers) {
    [...row.children].forEach((cell, i) => {
      if (!headers[i]) return;
      cell.dataset.label = headers[i].label;
      if (headers[i].hideSm) cell.classList.add('hide-sm');
    });
    return row;
  }

  function empty(text, testid) {
    return h('p', { class: 'empty', 'data-testid': testid }, text);
  }

  function badge(tone, text, testid, value) {
    return h('span', { class: `badge badge-${tone}`, 'data-testid': testid, 'data-value': value }, text);
  }

  /** A table; on narrow screens each row becomes a card whose cells are labelled from their column (data-label). */
  function table(caption, headers, rows, testid) {
    rows.forEach((row) => labelCells(row, headers));
    return h('div', { class: 'table-wrap' },
      h('table', { 'data-testid': testid },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', null, h('tr', null, headers.map((c) => h('th', {
          scope: 'col', class: [c.num ? 'num' : '', c.hideSm ? 'hide-sm' : ''].join(' ').trim() || null }, c.label)))),
        h('tbody', null, rows)));
  }

  function kpi(label, value, testid, note, raw) {
    return h('div', { class: 'kpi' },
      h('p', { class: 'kpi-label' }, label),
      h('p', { class: 'kpi-value', id: testid, 'data-testid': testid, 'data-value': raw }, value),
      note ? h('p', { class: 'kpi-note' }, note) : null);
  }

  function stat(label, value, testid, raw) {
    return h('div', { class: 'stat' },
      h('dt', null, label),
      h('dd', { 'data-testid': testid, 'data-value': raw }, value));
  }

  // ---------------------------------------------------------------- money, numbers and dates

  function scaleOf(amount) {
    const dot = amount.indexOf('.');
    return dot < 0 ? 0 : amount.length - dot - 1;
  }

  /** "1013.90" at scale 2 → 101390n. */
  function toUnits(amount, scale) {
    const negative = amount.startsWith('-');
    const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
    const units = BigInt(whole || '0') * 10n ** BigInt(scale) + BigInt((fraction + '0'.repeat(scale)).slice(0, scale) || '0');
    return negative ? -units : units;
  }

  function fromUnits(units, scale) {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const text = scale === 0 ? whole : `${whole}.${digits.slice(-scale)}`;
    return negative ? `-${text}` : text;
  }

  function sumAmounts(amounts) {
    const present = amounts.filter((a) => a != null);
    const scale = Math.max(2, ...present.map(scaleOf));
    return fromUnits(present.reduce((sum, a) => sum + toUnits(a, scale), 0n), scale);
  }

  /** amount / count, rounded half-up at the amount's scale; null when count is 0. */
  function divideAmount(amount, count) {
    if (!count) return null;
    const scale = Math.max(2, scaleOf(amount));
    const units = toUnits(amount, scale);
    const n = BigInt(count);
    const quotient = units / n;
    const twiceRemainder = (units % n) * 2n;
    const rounded = twiceRemainder >= n ? quotient + 1n : twiceRemainder <= -n ? quotient - 1n : quotient;
    return fromUnits(rounded, scale);
  }

  /** part / whole in percent with one decimal, as a string; null when whole is 0. */
  function percentOf(part, whole) {
    const scale = Math.max(2, scaleOf(part), scaleOf(whole));
    const p = toUnits(part, scale);
    const w = toUnits(whole, scale);
    if (w === 0n) return null;
    const tenths = (p * 1000n + (p >= 0n ? w / 2n : -w / 2n)) / w;
    return fromUnits(tenths, 1);
  }

  function isZero(amount) {
    return amount == null || toUnits(amount, scaleOf(amount)) === 0n;
  }

  const formatters = new Map();
  function formatter(key, options) {
    if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(undefined, options));
    return formatters.get(key);
  }

  /** Intl formats a decimal string exactly (no conversion to a floating-point number). */
  function money(amount, currency = state.currency) {
    if (amount == null) return '—';
    return formatter(`money:${currency}`, { style: 'currency', currency }).format(amount);
  }

  function compactMoney(value, currency = state.currency) {
    return formatter(`compact:${currency}`, { style: 'currency', currency, notation: 'compact',
      maximumFractionDigits: 1 }).format(value);
  }

  function count(n) {
    return n == null ? '—' : formatter('count', { maximumFractionDigits: 0 }).format(n);
  }

  function percent(value, signed) {
    if (value == null) return '—';
    const text = formatter('pct', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    return `${signed && !value.startsWith('-') && !isZero(value) ? '+' : ''}${text} %`;
  }

  function monthLabel(yearMonth, long) {
    const [year, month] = yearMonth.split('-').map(Number);
    return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(undefined,
      { month: long ? 'long' : 'short', year: 'numeric', timeZone: 'UTC' });
  }

  function dateLabel(isoDateOrInstant) {
    if (!isoDateOrInstant) return '—';
    const date = isoDateOrInstant.length === 10 ? new Date(`${isoDateOrInstant}T00:00:00Z`) : new Date(isoDateOrInstant);
    return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  function dateTimeLabel(instant) {
    return new Date(instant).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit',
      minute: '2-digit' });
  }

  function timeLabel(instant) {
    return new Date(instant).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function titleCase(text) {
    return String(text).replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }

  function currentYearMonth() {
    const now = new Date();
    return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, code, detail) {
      super(detail);
      this.status = status;
      this.code = code;
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function api(path, params, attempt = 0) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params || {})) {
      if (value != null) url.searchParams.set(name, value);
    }
    const generation = state.generation;
    let response;
    try {
      response = await fetch(url, { headers: { Authorization: `Bearer ${state.key}`, Accept: 'application/json' },
        cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      setOffline(true);
      throw new ApiError(0, 'network', 'The licensing server could not be reached.');
    }
    setOffline(false);
    if (response.ok) return response.json();
    const problem = await response.json().catch(() => ({}));
    const error = new ApiError(response.status, problem.code || `http_${response.status}`,
      problem.detail || problem.title || response.statusText || `HTTP ${response.status}`);
    if (response.status === 401) {
      if (generation === state.generation) signOut('Your key was not accepted any more (it may have been revoked). '
        + 'Sign in again with a valid key.');
      throw error;
    }
    if (response.status === 429 && attempt < RATE_LIMIT_RETRIES_MAX) {
      const seconds = Number(response.headers.get('Retry-After')) || 2;
      await sleep(Math.min(seconds * 1000, RATE_LIMIT_WAIT_MS_MAX));
      return api(path, params, attempt + 1);
    }
    throw error;
  }

  function vaultPath(suffix = '') {
    return `/api/vaults/${encodeURIComponent(state.vaultId)}${suffix}`;
  }

  /** An error that is not the API's is a bug in this page: it belongs in the console, where tests look. */
  function reportBug(error) {
    if (!(error instanceof ApiError)) console.error('partner panel:', error);
  }

  function describeError(error) {
    if (!(error instanceof ApiError)) return 'Something went wrong while showing this panel.';
    if (error.status === 0) return 'The licensing server could not be reached. Check your connection and try again.';
    if (error.status === 404 && (error.code === 'not_found' || error.code.startsWith('http_'))) {
      return 'This server does not provide these figures yet.';
    }
    if (error.status === 429) return 'Too many requests for this key right now; try again in a moment.';
    return `The server could not provide these figures: ${error.message}`;
  }

  function setOffline(offline) {
    if (state.offline === offline) return;
    state.offline = offline;
    const banner = $('banner');
    banner.hidden = !offline;
    $('banner-text').textContent = offline
      ? 'The licensing server cannot be reached. The figures below may be out of date; the panel retries by itself.'
      : '';
  }

  // ---------------------------------------------------------------- sign-in and session

  function showSignIn(message) {
    $('dashboard-view').hidden = true;
    $('session').hidden = true;
    $('signin-view').hidden = false;
    const error = $('signin-error');
    error.textContent = message || '';
    error.hidden = !message;
    const input = $('signin-key');
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    input.value = '';
    input.focus();
  }

  async function signIn(key, rememberedVault) {
    state.key = key;
    state.generation += 1;
    const generation = state.generation;
    const submit = $('signin-submit');
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      state.me = await api('/api/me');
    } catch (e) {
      if (generation !== state.generation) return;
      state.key = null;
      sessionStorage.removeItem(KEY_STORAGE);
      showSignIn(e.status === 401
        ? 'That key was not accepted. Check that you copied all of it, or ask for a new one.'
        : describeError(e));
      return;
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
    if (generation !== state.generation) return; // signed out (or in again) meanwhile
    sessionStorage.setItem(KEY_STORAGE, key);
    $('signin-view').hidden = true;
    $('session').hidden = false;
    $('dashboard-view').hidden = false;
    if (state.me.role === 'admin') {
      await chooseVaultAsAdmin(rememberedVault);
    } else {
      $('vault-picker-wrap').hidden = true;
      openVault(state.me.vaultId);
    }
  }

  async function chooseVaultAsAdmin(rememberedVault) {
    let vaults;
    try {
      vaults = (await api('/api/vaults')).data;
    } catch (e) {
      showPanelError('overview', e, () => chooseVaultAsAdmin(rememberedVault));
      return;
    }
    const picker = $('vault-picker');
    picker.replaceChildren(...vaults.map((v) => h('option', { value: v.vaultId }, v.vaultId)));
    $('vault-picker-wrap').hidden = vaults.length === 0;
    if (vaults.length === 0) {
      fill('overview', empty('No licensed vaults are registered yet.', 'no-vaults'));
      return;
    }
    const chosen = vaults.some((v) => v.vaultId === rememberedVault) ? rememberedVault : vaults[0].vaultId;
    picker.value = chosen;
    openVault(chosen);
  }

  function signOut(message) {
    state.generation += 1;
    stopLive();
    clearTimeout(state.refreshTimer);
    state.pendingRefresh.clear();
    if (state.chart) {
      state.chart.destroy();
      state.chart = null;
    }
    state.key = null;
    state.me = null;
    state.vaultId = null;
    state.vault = null;
    state.analytics = null;
    sessionStorage.removeItem(KEY_STORAGE);
    sessionStorage.removeItem(VAULT_STORAGE);
    setOffline(false);
    resetPanels();
    $('live-feed').replaceChildren();
    $('live-empty').hidden = false;
    $('toasts').replaceChildren();
    showSignIn(message);
  }

  function resetPanels() {
    for (const body of document.querySelectorAll('.panel-body')) {
      if (body.closest('[data-panel="live"]')) continue;
      body.setAttribute('aria-busy', 'true');
      body.closest('.card').dataset.state = 'loading';
      body.replaceChildren(h('div', { class: 'skeleton' }));
    }
    $('vault-id').textContent = '…';
    $('vault-meta').replaceChildren();
    $('period').textContent = '';
  }

  function openVault(vaultId) {
    state.generation += 1;
    stopLive();
    if (state.chart) {
      state.chart.destroy();
      state.chart = null;
    }
    state.vaultId = vaultId;
    state.vault = null;
    state.vaultError = null;
    state.analytics = null;
    state.payoutsCursor = null;
    highlighted.clear();
    sessionStorage.setItem(VAULT_STORAGE, vaultId);
    resetPanels();
    $('vault-id').textContent = vaultId;
    $('live-feed').replaceChildren();
    $('live-empty').hidden = false;
    refresh(['vault', 'analytics', 'balances', 'payouts', 'exports', 'referrals', 'upgrade', 'payments']);
    startLive(state.generation);
  }

  // ---------------------------------------------------------------- loading panels

  const LOADERS = {
    vault: loadVault,
    analytics: loadAnalytics,
    balances: loadPayouts,
    payouts: loadPayouts,
    exports: loadExports,
    referrals: loadReferrals,
    upgrade: loadUpgrade,
    payments: loadPayments,
  };

  /** Runs each named loader once, in parallel; every panel fails on its own. */
  function refresh(groups) {
    const loaders = new Set(groups.map((g) => LOADERS[g]));
    const generation = state.generation;
    return Promise.allSettled([...loaders].map((load) => load(generation)));
  }

  function scheduleRefresh(groups) {
    groups.forEach((g) => state.pendingRefresh.add(g));
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(() => {
      const pending = [...state.pendingRefresh];
      state.pendingRefresh.clear();
      refresh(pending);
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Calls load() and hands its result to render() unless the session moved on meanwhile. */
  async function guarded(generation, panel, load, render, retryGroup) {
    try {
      const data = await load();
      if (generation !== state.generation) return;
      render(data);
    } catch (e) {
      reportBug(e);
      if (generation !== state.generation || (e instanceof ApiError && e.status === 401)) return;
      showPanelError(panel, e, () => refresh([retryGroup]));
    }
  }

  async function loadVault(generation) {
    try {
      const vault = await api(vaultPath());
      if (generation !== state.generation) return;
      state.vault = vault;
      state.vaultError = null;
      state.currency = vault.settlementCurrency || state.currency;
      renderVault(vault);
      // The payouts panel may have been drawn before the vault arrived: give it the verification state now.
      document.getElementById('compliance')?.replaceWith(complianceBlock());
    } catch (e) {
      reportBug(e);
      if (generation !== state.generation || (e instanceof ApiError && e.status === 401)) return;
      state.vaultError = e;
      $('vault-meta').textContent = describeError(e);
      document.getElementById('compliance')?.replaceWith(complianceBlock());
    }
  }

  function tierLabel(licenseType) {
    return licenseType ? titleCase(licenseType) : '—';
  }

  function renderVault(vault) {
    $('vault-id').textContent = vault.vaultId;
    const meta = [
      badge('brand', tierLabel(vault.licenseType), 'license-type', vault.licenseType),
      h('span', { 'data-testid': 'partner-share', 'data-value': vault.partnerSharePercent },
        `${vault.partnerSharePercent} % partner share`),
      vault.licensedSince ? h('span', null, `Licensed since ${dateLabel(vault.licensedSince)}`) : null,
      h('span', null, `Paid in ${vault.settlementCurrency}`),
      vault.referrerChain && vault.referrerChain.length
        ? h('span', null, `Referred by ${vault.referrerChain[0]}`) : null,
    ].filter(Boolean);
    $('vault-meta').replaceChildren(...meta.flatMap((node, i) => (i ? [h('span', {
      class: 'sep', 'aria-hidden': 'true' }, '·'), node] : [node])));
  }

  async function loadAnalytics(generation) {
    try {
      const analytics = await api(vaultPath('/analytics'));
      if (generation !== state.generation) return;
      state.analytics = analytics;
      state.currency = analytics.currency || state.currency;
      renderPeriod(analytics);
      renderOverview(analytics);
      renderTrend(analytics);
      renderLoops(analytics);
      loadExports(generation);
    } catch (e) {
      reportBug(e);
      if (generation !== state.generation || (e instanceof ApiError && e.status === 401)) return;
      for (const panel of ['overview', 'trend', 'loops', 'exports']) {
        showPanelError(panel, e, () => refresh(['analytics']));
      }
    }
  }

  function renderPeriod(analytics) {
    const months = analytics.months || [];
    if (months.length === 0) return;
    $('period').textContent = `${monthLabel(months[0].month)} – ${monthLabel(months[months.length - 1].month)}`;
  }

  /** Partner earnings of one month of monthsByStream (every stream). */
  function monthEarnings(month) {
    return sumAmounts(STREAMS.map((s) => month[s.key] || '0'));
  }

  function renderOverview(a) {
    const months = a.months || [];
    const byStream = a.monthsByStream || [];
    const thisMonth = currentYearMonth();
    const current = byStream.find((m) => m.month === thisMonth);
    // The running month is incomplete; growth is told for the last whole month against the one before it.
    const whole = months.filter((m) => m.month < thisMonth);
    const lastWhole = whole[whole.length - 1];
    const previous = whole[whole.length - 2];
    const growth = lastWhole ? lastWhole.growthPercent : null;
    let growthNote = 'Needs two whole months of revenue';
    if (lastWhole && previous && growth != null) {
      growthNote = `${monthLabel(lastWhole.month, true)} vs ${monthLabel(previous.month, true)}, gross revenue`;
    } else if (lastWhole && previous) {
      growthNote = `No revenue in ${monthLabel(previous.month, true)} to compare ${monthLabel(lastWhole.month, true)} `
        + 'with';
    }
    const commissions = !isZero(a.referralCommissions)
      ? `incl. ${money(a.referralCommissions)} referral commissions` : 'Your share, after fees';
    fill('overview', h('div', { class: 'kpis' },
      kpi('Total earned', money(a.totalEarned), 'total-earned', `Last 6 months · ${commissions}`, a.totalEarned),
      current
        ? kpi('This month', money(monthEarnings(current)), 'this-month',
          `${monthLabel(thisMonth, true)} so far`, monthEarnings(current))
        : kpi('This month', money('0'), 'this-month', byStream.length ? `Nothing yet in ${monthLabel(thisMonth, true)}`
          : 'Monthly figures are not available from this server', '0.00'),
      h('div', { class: 'kpi' },
        h('p', { class: 'kpi-label' }, 'Growth rate'),
        h('p', { class: `kpi-value ${growth == null ? '' : growth.startsWith('-') ? 'down' : 'up'}`,
          id: 'growth-rate', 'data-testid': 'growth-rate', 'data-value': growth }, percent(growth, true)),
        h('p', { class: 'kpi-note' }, growthNote)),
      kpi('Customers served', count(a.customersServed), 'customers-served',
        `${count(a.newCustomers)} new in the period`, a.customersServed)));
  }

  // ---------------------------------------------------------------- trend chart

  function renderTrend(a) {
    const months = a.monthsByStream;
    if (!months) {
      destroyChart();
      fill('trend', empty('Monthly revenue by stream is not available from this server yet.', 'trend-empty'));
      return;
    }
    const totals = months.map(monthEarnings);
    if (totals.every(isZero)) {
      destroyChart();
      fill('trend', empty('No revenue in the last 6 months yet. Template sales, hosting invoices and exports will '
        + 'show here by month and stream as soon as they are paid.', 'trend-empty'));
      return;
    }
    const labels = months.map((m) => monthLabel(m.month));
    if (state.chart && panelBody('trend').contains(state.chart.canvas)) {
      state.chart.data.labels = labels;
      state.chart.data.datasets.forEach((dataset, i) => {
        dataset.data = months.map((m) => Number(m[STREAMS[i].key] || 0));
        dataset.amounts = months.map((m) => m[STREAMS[i].key] || '0');
      });
      state.chart.totals = totals;
      state.chart.update();
      panelBody('trend').querySelector('details').replaceWith(trendTable(months, totals));
      panelBody('trend').querySelector('.stream-totals')?.replaceWith(streamTotals(a) || '');
    } else {
      destroyChart();
      const canvas = h('canvas', { id: 'revenue-chart', 'data-testid': 'revenue-chart', role: 'img',
        'aria-label': `Earnings by stream per month, ${labels[0]} to ${labels[labels.length - 1]}` });
      fill('trend', h('div', { class: 'chart-box' }, canvas), streamTotals(a), trendTable(months, totals));
      drawChart(canvas, labels, months, totals);
    }
  }

  /** The period's earnings per stream (the analytics' partner earnings), under the chart. */
  function streamTotals(a) {
    if (!a.streams) return null;
    return h('ul', { class: 'stream-totals', 'aria-label': 'Earnings per stream over the period' },
      STREAMS.map((s) => {
        const earned = a.streams[s.key]?.partnerEarnings ?? '0.00';
        const dot = h('span', { class: 'stream-dot', 'aria-hidden': 'true' });
        dot.style.background = s.color;
        return h('li', { 'data-testid': `stream-${s.key}`, 'data-value': earned },
          h('span', { class: 'stream-name' }, dot, s.label), h('span', { class: 'stream-value' }, money(earned)),
          h('span', { class: 'stream-count' }, `${count(a.streams[s.key]?.payments ?? 0)} payments`));
      }));
  }

  function trendTable(months, totals) {
    return h('details', { class: 'data-table' },
      h('summary', null, 'Show the figures as a table'),
      table('Earnings by stream per month', [{ label: 'Month' }, ...STREAMS.map((s) => ({ label: s.label, num: true })),
        { label: 'Total', num: true }],
      months.map((m, i) => h('tr', { 'data-testid': 'trend-row', 'data-month': m.month },
        h('th', { scope: 'row' }, monthLabel(m.month)),
        STREAMS.map((s) => h('td', { class: 'num' }, money(m[s.key] || '0'))),
        h('td', { class: 'num strong', 'data-value': totals[i] }, money(totals[i])))), 'revenue-table'));
  }

  function destroyChart() {
    if (state.chart) {
      state.chart.destroy();
      state.chart = null;
    }
  }

  function drawChart(canvas, labels, months, totals) {
    if (!window.Chart) {
      canvas.replaceWith(empty('The chart library did not load; the figures are in the table below.', 'chart-missing'));
      return;
    }
    const line = state.chartType === 'line';
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const chart = new window.Chart(canvas, {
      type: state.chartType,
      data: {
        labels,
        datasets: STREAMS.map((s) => ({
          label: s.label,
          data: months.map((m) => Number(m[s.key] || 0)),
          amounts: months.map((m) => m[s.key] || '0'),
          backgroundColor: line ? `${s.color}22` : s.color,
          borderColor: s.color,
          borderWidth: line ? 2 : 0,
          borderRadius: line ? 0 : 3,
          pointRadius: line ? 3 : 0,
          tension: 0.3,
          fill: false,
          maxBarThickness: 44,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 },
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: !line, grid: { display: false }, ticks: { color: '#64748b', maxRotation: 0,
            callback: (value, index) => String(labels[index]).split(' ') } },
          y: { stacked: !line, beginAtZero: true, border: { display: false }, grid: { color: '#eef2f7' },
            ticks: { color: '#64748b', maxTicksLimit: 6, callback: (value) => compactMoney(value) } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'rectRounded', padding: 18,
            color: '#334155' } },
          tooltip: {
            backgroundColor: '#0f172a',
            padding: 12,
            callbacks: {
              label: (item) => ` ${item.dataset.label}: ${money(item.dataset.amounts[item.dataIndex])}`,
              footer: (items) => (items.length ? `Total: ${money(chart.totals[items[0].dataIndex])}` : ''),
            },
          },
        },
      },
    });
    chart.totals = totals;
    state.chart = chart;
  }

  function setChartType(type) {
    if (state.chartType === type) return;
    state.chartType = type;
    for (const button of document.querySelectorAll('[data-chart-type]')) {
      button.setAttribute('aria-pressed', String(button.dataset.chartType === type));
    }
    if (state.analytics) {
      destroyChart();
      renderTrend(state.analytics);
    }
  }

  // ---------------------------------------------------------------- agent loops

  function renderLoops(a) {
    const loops = a.agentLoops;
    if (!loops) {
      fill('loops', empty('Agent-loop figures are not available from this server yet.', 'loops-empty'));
      return;
    }
    const content = [h('dl', { class: 'stats stats-2' },
      stat('Active loops', count(loops.active), 'active-loops', loops.active),
      stat('Revenue per loop', money(loops.revenuePerLoop), 'revenue-per-loop', loops.revenuePerLoop),
      stat('Loop revenue', money(loops.gross), 'loop-revenue', loops.gross))];
    if (!loops.active) {
      content.push(empty('No agent loop earned in this period. Each loop export a customer buys counts its loop '
        + 'as active for the month.', 'loops-empty'));
    } else {
      content.push(h('p', { class: 'hint' },
        'Gross revenue of loop exports, per loop that sold at least once in the period.'));
    }
    fill('loops', content);
  }

  // ---------------------------------------------------------------- export performance

  async function loadExports(generation) {
    if (!state.analytics) return; // loadAnalytics calls back once it has the period
    const a = state.analytics;
    const [templates, hosted, pricing] = await Promise.allSettled([
      api(vaultPath('/templates')),
      api(vaultPath('/hosted-platforms')),
      api(vaultPath('/export-pricing')),
    ]);
    if (generation !== state.generation) return;
    if ([templates, hosted, pricing].some((r) => r.status === 'rejected' && r.reason.status === 401)) return;
    renderExports(a, templates, hosted, pricing);
  }

  function renderExports(a, templates, hosted, pricing) {
    const exp = a.exports || {};
    const content = [];
    content.push(h('dl', { class: 'stats stats-4' },
      stat('Exports sold', count(exp.count), 'export-count', exp.count),
      stat('Export revenue', money(exp.gross), 'export-gross', exp.gross),
      stat('Average export', money(exp.averageValue), 'export-average', exp.averageValue),
      stat('Template conversion', percent(a.templateConversion?.ratePercent), 'template-conversion',
        a.templateConversion?.ratePercent)));

    const rows = [];
    for (const product of EXPORT_PRODUCTS) {
      const sold = exp.byProductType?.[product.type];
      if (!sold) continue;
      const price = pricing.status === 'fulfilled' ? priceOf(product.type, pricing.value) : null;
      rows.push(h('tr', { 'data-testid': product.testid, 'data-count': sold.count, 'data-gross': sold.gross },
        h('th', { scope: 'row' }, product.label),
        h('td', { class: 'num' }, count(sold.count)),
        h('td', { class: 'num' }, money(sold.gross)),
        h('td', { class: 'num' }, money(sold.averageValue)),
        h('td', { class: 'num muted' }, price ? money(price, pricing.value.currency) : '—')));
    }
    const templateStream = a.streams?.templates;
    if (templateStream) {
      rows.push(h('tr', { 'data-testid': 'template-sales', 'data-count': templateStream.payments,
        'data-gross': templateStream.gross },
      h('th', { scope: 'row' }, 'Template sales'),
      h('td', { class: 'num' }, count(templateStream.payments)),
      h('td', { class: 'num' }, money(templateStream.gross)),
      h('td', { class: 'num' }, money(divideAmount(templateStream.gross, templateStream.payments))),
      h('td', { class: 'num muted' }, 'per template')));
    }
    if (rows.length) {
      content.push(table('Sales by product', [{ label: 'Product' }, { label: 'Sold', num: true },
        { label: 'Gross', num: true }, { label: 'Average', num: true }, { label: 'Your price', num: true, hideSm: true }], rows,
      'export-products'));
    }
    content.push(templatesBlock(templates), hostedBlock(hosted));
    fill('exports', content);
  }

  function priceOf(productType, pricing) {
    return { agent_export: pricing.agentExportFee, loop_export: pricing.loopExportFee,
      platform_fork: pricing.platformForkFee }[productType];
  }

  function templatesBlock(result) {
    const heading = h('h3', { class: 'sub-title' }, 'Marketplace templates');
    if (result.status === 'rejected') return h('div', null, heading, h('p', { class: 'hint' }, describeError(result.reason)));
    const templates = result.value.data;
    if (templates.length === 0) {
      return h('div', null, heading, empty('No templates on the marketplace yet. Once you publish one '
        + '(licensing create-agent-template), its views, sales and conversion show here.', 'templates-empty'));
    }
    return h('div', null, heading, table('Marketplace templates', [{ label: 'Template' }, { label: 'Price', num: true },
      { label: 'Views', num: true, hideSm: true }, { label: 'Sales', num: true }, { label: 'Conversion', num: true },
      { label: 'Gross', num: true }],
    templates.map((t) => h('tr', { 'data-testid': 'template-row', 'data-template-id': t.templateId },
      h('th', { scope: 'row' }, h('span', { class: 'strong' }, t.name), ' ',
        t.listed ? null : badge('neutral', 'Unlisted'), h('span', { class: 'cell-sub' }, titleCase(t.category || ''))),
      h('td', { class: 'num' }, money(t.price, t.currency)),
      h('td', { class: 'num' }, count(t.views)),
      h('td', { class: 'num' }, count(t.sales)),
      h('td', { class: 'num' }, percent(t.conversionPercent)),
      h('td', { class: 'num' }, money(t.gross, t.currency)))), 'templates-table'));
  }

  function hostedBlock(result) {
    const heading = h('h3', { class: 'sub-title' }, 'Hosted platforms');
    if (result.status === 'rejected') return h('div', null, heading, h('p', { class: 'hint' }, describeError(result.reason)));
    const platforms = result.value.data;
    if (platforms.length === 0) {
      return h('div', null, heading, empty('No white-label platforms hosted yet. Each platform you fork for a client '
        + 'bills monthly and shows here.', 'hosted-empty'));
    }
    const active = platforms.filter((p) => p.status === 'active').length;
    return h('div', null, h('h3', { class: 'sub-title' }, 'Hosted platforms ',
      h('span', { class: 'muted', 'data-testid': 'hosted-active', 'data-value': active }, `${active} active`)),
    h('ul', { class: 'chips' }, platforms.map((p) => h('li', { class: 'chip', 'data-testid': 'hosted-platform' },
      h('span', { class: 'strong' }, p.clientName), ` ${money(p.monthlyPrice, p.currency)}/mo `,
      statusBadge(p.status)))));
  }

  function statusBadge(status) {
    const tone = { active: 'ok', past_due: 'warn', canceled: 'neutral', cancelled: 'neutral' }[status] || 'neutral';
    return badge(tone, titleCase(status || 'unknown'));
  }

  // ---------------------------------------------------------------- payouts and balances

  async function loadPayouts(generation) {
    const [balances, upcoming, history] = await Promise.allSettled([
      api(vaultPath('/balances')),
      api(vaultPath('/payouts/upcoming')),
      api(vaultPath('/payouts'), { limit: PAYOUTS_PAGE }),
    ]);
    if (generation !== state.generation) return;
    const failures = [balances, upcoming, history].filter((r) => r.status === 'rejected');
    if (failures.some((r) => r.reason.status === 401)) return;
    if (failures.length === 3) {
      showPanelError('payouts', failures[0].reason, () => refresh(['payouts']));
      return;
    }
    renderPayouts(balances, upcoming, history);
  }

  function renderPayouts(balances, upcoming, history) {
    const left = h('div', { class: 'payout-side' });
    if (balances.status === 'fulfilled') {
      const b = balances.value;
      left.append(h('dl', { class: 'stats stats-2 balances' },
        stat('Available', money(b.available, b.currency), 'balance-available', b.available),
        stat('Pending', money(b.pending, b.currency), 'balance-pending', b.pending),
        stat('In transit', money(b.inTransit ?? '0.00', b.currency), 'balance-in-transit', b.inTransit),
        stat('Paid out', money(b.paidOut, b.currency), 'balance-paid-out', b.paidOut)));
      left.append(h('p', { class: 'hint' }, 'Pending becomes available after the holding period; available is paid '
        + 'out on your schedule.'));
      if (!isZero(b.referrerPending) || !isZero(b.referrerAvailable) || !isZero(b.referrerPaidOut)) {
        left.append(h('p', { class: 'hint', 'data-testid': 'balance-referrer' }, 'Referral commissions: '
          + `${money(b.referrerAvailable, b.currency)} available, ${money(b.referrerPending, b.currency)} pending`
          + (b.referrerPaidOut != null ? `, ${money(b.referrerPaidOut, b.currency)} paid out.` : '.')));
      }
      if (!isZero(b.disputesHeld)) {
        left.append(h('p', { class: 'hint warn', 'data-testid': 'balance-disputes-held', 'data-value': b.disputesHeld },
          `${money(b.disputesHeld, b.currency)} is held against open disputes.`));
      }
    } else {
      left.append(h('p', { class: 'hint' }, `Balances: ${describeError(balances.reason)}`));
    }
    left.append(nextPayoutBlock(upcoming), complianceBlock());
    const right = h('div', { class: 'payout-history' }, h('h3', { class: 'sub-title' }, 'Payout history'));
    if (history.status === 'rejected') {
      right.append(h('p', { class: 'hint' }, describeError(history.reason)));
    } else if (history.value.data.length === 0) {
      right.append(empty(noPayoutsText(upcoming), 'payouts-empty'));
    } else {
      state.payoutsCursor = history.value.nextCursor;
      right.append(table('Payout history', PAYOUT_COLUMNS, history.value.data.map(payoutRow), 'payout-history'));
      if (state.payoutsCursor) {
        right.append(h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'payouts-more',
          onclick: (event) => loadMorePayouts(event.currentTarget) }, 'Show older payouts'));
      }
    }
    fill('payouts', h('div', { class: 'payouts-layout' }, left, right));
  }

  function noPayoutsText(upcoming) {
    if (upcoming.status !== 'fulfilled') return 'No payouts yet.';
    const u = upcoming.value;
    if (u.blockers && u.blockers.length) {
      return `No payouts yet — they start once this is resolved: ${u.blockers.join('; ')}.`;
    }
    if (u.nextPayoutDate) {
      return `No payouts yet — your first payout is scheduled for ${dateLabel(u.nextPayoutDate)}`
        + (u.reachesMinimum === false ? `, once your available balance reaches ${money(u.minimumAmount, u.currency)}.`
          : '.');
    }
    return 'No payouts yet — the first is scheduled once you have an available balance.';
  }

  function nextPayoutBlock(upcoming) {
    const block = h('div', { class: 'next-payout' }, h('h3', { class: 'sub-title' }, 'Next payout'));
    if (upcoming.status === 'rejected') {
      block.append(h('p', { class: 'hint' }, describeError(upcoming.reason)));
      return block;
    }
    const u = upcoming.value;
    block.append(h('div', { class: 'next-payout-figures' },
      h('div', null, h('p', { class: 'big', 'data-testid': 'next-payout-amount', 'data-value': u.estimatedAmount },
        money(u.estimatedAmount, u.currency)), h('p', { class: 'muted' }, 'estimated')),
      h('div', null, h('p', { class: 'big', 'data-testid': 'next-payout-date', 'data-value': u.nextPayoutDate },
        u.nextPayoutDate ? dateLabel(u.nextPayoutDate) : 'Not scheduled'), h('p', { class: 'muted' },
        'payout date'))));
    if (u.reachesMinimum === false) {
      block.append(h('p', { class: 'hint warn' }, `Below the ${money(u.minimumAmount, u.currency)} minimum: the `
        + 'balance carries over to a later payout.'));
    }
    if (u.blockers && u.blockers.length) {
      block.append(h('ul', { class: 'blockers', 'data-testid': 'payout-blockers' },
        u.blockers.map((b) => h('li', null, b))));
    }
    return block;
  }

  function complianceBlock() {
    const block = h('div', { class: 'compliance', id: 'compliance' }, h('h3', { class: 'sub-title' },
      'Verification'));
    const c = state.vault && state.vault.compliance;
    if (!c) {
      block.append(state.vaultError ? h('p', { class: 'hint' }, describeError(state.vaultError))
        : h('div', { class: 'skeleton skeleton-short' }));
      return block;
    }
    const kyc = { verified: ['ok', 'Verified'], pending: ['warn', 'Pending review'], rejected: ['bad', 'Rejected'],
      not_onboarded: ['neutral', 'Not started'] }[c.kycStatus] || ['neutral', titleCase(c.kycStatus || 'unknown')];
    const tax = { w9: ['ok', 'W-9 on file'], w8ben: ['ok', 'W-8BEN on file'], missing: ['bad', 'Missing'] }[
      c.taxDocument] || ['neutral', titleCase(c.taxDocument || 'unknown')];
    block.append(h('ul', { class: 'checks' },
      h('li', null, h('span', null, 'Identity (KYC)'), badge(kyc[0], kyc[1], 'kyc-status', c.kycStatus)),
      h('li', null, h('span', null, 'Tax documents'), badge(tax[0], tax[1], 'tax-document', c.taxDocument)),
      h('li', null, h('span', null, 'Bank account'), c.payoutAccountVerified
        ? badge('ok', 'Verified', 'bank-verification', 'true')
        : badge('warn', 'Not verified', 'bank-verification', 'false')),
      h('li', null, h('span', null, 'Payouts'), c.payoutsEnabled
        ? badge('ok', 'Enabled', 'payouts-enabled', 'true')
        : badge('bad', 'Not enabled', 'payouts-enabled', 'false'))));
    if (c.hold) block.append(h('p', { class: 'hint bad', 'data-testid': 'payout-hold' }, `On hold: ${c.hold}`));
    return block;
  }

  const PAYOUT_COLUMNS = [{ label: 'Due' }, { label: 'Amount', num: true }, { label: 'Status' },
    { label: 'Transfer', hideSm: true }];

  function payoutRow(p) {
    const tone = { planned: 'neutral', submitting: 'info', retrying: 'warn', paid: 'ok', failed: 'bad' }[p.status]
      || 'neutral';
    const label = { planned: 'Scheduled', submitting: 'Sending', retrying: 'Retrying', paid: 'Paid', failed: 'Failed' }[
      p.status] || titleCase(p.status);
    return h('tr', { 'data-testid': 'payout-row', 'data-payout-id': p.payoutId, 'data-amount': p.amount },
      h('td', null, dateLabel(p.dueDate)),
      h('td', { class: 'num strong' }, money(p.amount, p.currency),
        !isZero(p.referrerShare) ? h('span', { class: 'cell-sub' }, `incl. ${money(p.referrerShare, p.currency)} `
          + 'commissions') : null),
      h('td', null, badge(tone, label), isReversed(p.reversed) ? [' ', badge('bad', 'Reversed')] : null,
        p.lastError && p.status !== 'paid' ? h('span', { class: 'cell-sub' }, p.lastError) : null),
      h('td', { class: 'mono muted' }, p.transferId || '—'));
  }

  /** The API gives the reversed amount ("0.00" when none); a boolean is accepted too. */
  function isReversed(reversed) {
    return typeof reversed === 'string' ? !isZero(reversed) : Boolean(reversed);
  }

  async function loadMorePayouts(button) {
    const generation = state.generation;
    button.disabled = true;
    try {
      const page = await api(vaultPath('/payouts'), { limit: PAYOUTS_PAGE, cursor: state.payoutsCursor });
      if (generation !== state.generation) return;
      panelBody('payouts').querySelector('[data-testid="payout-history"] tbody')
        .append(...page.data.map((p) => labelCells(payoutRow(p), PAYOUT_COLUMNS)));
      state.payoutsCursor = page.nextCursor;
      if (!state.payoutsCursor) button.remove();
    } catch (e) {
      toast('error', 'Could not load older payouts', describeError(e));
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- referrals

  function loadReferrals(generation) {
    return guarded(generation, 'referrals', () => api(vaultPath('/referrals')), renderReferrals, 'referrals');
  }

  function renderReferrals(r) {
    const conv = r.conversions || {};
    const summary = h('dl', { class: 'stats stats-4' },
      stat('Commissions credited', money(r.commissionsEarned, r.currency), 'commissions-earned', r.commissionsEarned),
      stat('Link visits', count(conv.visits), 'referral-visits', conv.visits),
      stat('Sign-ups', count(conv.signups), 'referral-signups', conv.signups),
      stat('Conversion', percent(conv.ratePercent), 'referral-conversion', conv.ratePercent));
    const codes = (r.codes || []).length === 0
      ? empty('You have no referral codes yet. Ask your operator for one (licensing referrals codes create '
        + '--vault <your vault>); its share link and conversions show here.', 'referral-codes-empty')
      : table('Referral codes', [{ label: 'Code' }, { label: 'Visits', num: true }, { label: 'Sign-ups', num: true },
        { label: 'Shares', num: true, hideSm: true }, { label: 'Created', hideSm: true }, { label: 'Share link' }],
      r.codes.map(codeRow), 'referral-codes');
    const referred = (r.referredVaults || []).length === 0
      ? empty('No partner has signed up with your links yet. When one does, you earn a commission on every payment '
        + 'it takes, and it shows here.', 'referred-empty')
      : table('Partners you referred', [{ label: 'Partner' }, { label: 'Level' }, { label: 'Signed up', hideSm: true },
        { label: 'Commissions', num: true }],
      r.referredVaults.map((v) => h('tr', { 'data-testid': 'referred-row', 'data-vault-id': v.vaultId },
        h('th', { scope: 'row', class: 'mono' }, v.vaultId),
        h('td', null, v.level === 1 ? badge('brand', 'Direct') : badge('neutral', `Level ${v.level}`)),
        h('td', null, dateLabel(v.signedUpAt)),
        h('td', { class: 'num strong' }, money(v.commissionsEarned, v.currency || r.currency)))), 'referred-vaults');
    const chain = (r.referrerChain || []).length
      ? h('p', { class: 'hint' }, 'You joined through ', h('span', { class: 'mono' }, r.referrerChain.join(' ← ')), '.')
      : null;
    const credited = h('p', { class: 'hint' }, 'Commissions are credited when the payments are posted; a refund or '
      + 'dispute of such a payment takes its share back, so your referral balances under Payouts are net of them.');
    fill('referrals', summary, credited, h('div', { class: 'two-col' },
      h('div', null, h('h3', { class: 'sub-title' }, 'Your share links'), codes),
      h('div', null, h('h3', { class: 'sub-title' }, 'Partners you referred'), referred, chain)));
  }

  function codeRow(c) {
    const link = new URL(c.link || `/r/${encodeURIComponent(c.code)}`, window.location.origin).toString();
    return h('tr', { 'data-testid': 'referral-code-row', 'data-code': c.code },
      h('th', { scope: 'row', class: 'mono strong' }, c.code),
      h('td', { class: 'num' }, count(c.visits)),
      h('td', { class: 'num' }, count(c.signUps)),
      h('td', { class: 'num' }, count(c.shares)),
      h('td', null, dateLabel(c.createdAt)),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'copy-link',
          'aria-label': `Copy the share link of ${c.code}`, onclick: () => copyLink(link) }, 'Copy link'),
        h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-testid': 'share-link',
          'aria-label': `Share ${c.code}`, onclick: () => shareLink(c.code, link) }, 'Share')));
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (e) {
        // denied (e.g. no user activation): fall through to the selection-based copy
      }
    }
    const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    area.remove();
    return copied;
  }

  async function copyLink(link) {
    if (await copyText(link)) toast('ok', 'Link copied', link);
    else toast('error', 'Could not copy automatically', `Select and copy it: ${link}`);
  }

  async function shareLink(code, link) {
    // The share counts whichever way it leaves: the system share sheet or the clipboard.
    fetch(`/r/${encodeURIComponent(code)}/share`, { method: 'POST', credentials: 'omit' }).catch(() => {});
    if (navigator.share) {
      try {
        await navigator.share({ title: 'MirrorOS', text: 'Join MirrorOS with my referral link', url: link });
        return;
      } catch (e) {
        if (e.name === 'AbortError') return;
      }
    }
    await copyLink(link);
  }

  // ---------------------------------------------------------------- license upgrade

  function loadUpgrade(generation) {
    return guarded(generation, 'upgrade', () => api(vaultPath('/upgrade')), renderUpgrade, 'upgrade');
  }

  function renderUpgrade(u) {
    const current = h('div', { class: 'tier-now' },
      h('p', { class: 'muted' }, 'Current tier'),
      h('p', { class: 'tier-name', 'data-testid': 'current-tier', 'data-value': u.currentTier },
        tierLabel(u.currentTier)),
      h('p', { class: 'muted' }, `${u.currentSharePercent} % partner share`));
    if (!u.nextTier) {
      fill('upgrade', current, empty('You are on the highest tier: every payment already pays you the top share.',
        'upgrade-top'));
      return;
    }
    const months = u.months || [];
    const threshold = u.nextThreshold;
    const reached = months.filter((m) => m.reachesNextThreshold).length;
    const next = h('div', { class: 'tier-next' },
      h('p', null, 'Next: ', h('span', { class: 'strong', 'data-testid': 'next-tier', 'data-value': u.nextTier },
        tierLabel(u.nextTier)), ` at ${u.nextSharePercent} %`),
      threshold == null
        ? h('p', { class: 'muted' }, 'Tier thresholds count revenue in the platform\'s currency; this vault settles '
          + `in ${u.currency}, so revenue does not move it between tiers.`)
        : h('p', { class: 'muted' }, 'Reached in a month with ',
          h('span', { class: 'strong', 'data-testid': 'next-threshold', 'data-value': threshold },
            money(threshold, u.currency)), ' of gross revenue'));
    if (threshold == null || u.difference == null) {
      fill('upgrade', current, next);
      return;
    }
    const gain = !isZero(u.difference) && !u.difference.startsWith('-');
    fill('upgrade', current, next,
      thresholdBars(months, threshold, u.currency),
      h('p', { class: 'hint' }, `${reached} of the last ${months.length} months reached the threshold.`),
      h('div', { class: `roi ${gain ? 'roi-gain' : ''}` },
        h('p', { class: 'muted' }, `Over the last ${months.length || 6} months at ${u.nextSharePercent} %`),
        h('p', { class: 'roi-figure', 'data-testid': 'upgrade-difference', 'data-value': u.difference },
          `${gain ? '+' : ''}${money(u.difference, u.currency)}`),
        h('p', { class: 'muted' }, `${money(u.wouldHaveEarned, u.currency)} instead of `,
          h('span', { 'data-testid': 'upgrade-earned', 'data-value': u.earned }, money(u.earned, u.currency)),
          gain && percentOf(u.difference, u.earned) ? ` (+${percentOf(u.difference, u.earned)} %)` : '')));
  }

  /** Each month's gross against the threshold, as bars the height of their share of the largest. */
  function thresholdBars(months, threshold, currency) {
    if (!months.length) return null;
    const scale = Math.max(2, scaleOf(threshold), ...months.map((m) => scaleOf(m.gross)));
    const values = months.map((m) => toUnits(m.gross, scale));
    const limit = toUnits(threshold, scale);
    const top = values.reduce((max, v) => (v > max ? v : max), limit) || 1n;
    // Heights go through the CSSOM, which the page's CSP allows (inline style attributes it does not).
    const pct = (v) => `${Number((v * 1000n) / top) / 10}%`;
    const line = h('div', { class: 'tbars-line' }, h('span', null, compactMoney(Number(threshold), currency)));
    line.style.bottom = pct(limit);
    return h('div', { class: 'tbars', role: 'img', 'aria-label': `Monthly gross against the ${money(threshold,
      currency)} threshold` },
    h('div', { class: 'tbars-plot' }, line, months.map((m, i) => {
      const fillBar = h('div', { class: 'tbar-fill' });
      fillBar.style.height = pct(values[i]);
      return h('div', { class: `tbar ${m.reachesNextThreshold ? 'tbar-hit' : ''}`,
        title: `${monthLabel(m.month)}: ${money(m.gross, currency)}` }, fillBar);
    })),
    h('div', { class: 'tbars-labels', 'aria-hidden': 'true' },
      months.map((m) => h('span', null, monthLabel(m.month).split(' ')[0]))));
  }

  // ---------------------------------------------------------------- recent payments

  function loadPayments(generation) {
    return guarded(generation, 'payments', () => api(vaultPath('/payments'), { limit: RECENT_PAYMENTS }),
      renderPayments, 'payments');
  }

  function renderPayments(page) {
    if (page.data.length === 0) {
      fill('payments', empty('No payments yet. The first template sale, hosting invoice or export shows here with '
        + 'your share of it.', 'payments-empty'));
      return;
    }
    fill('payments', table('Recent payments', [{ label: 'Date' }, { label: 'Product' }, { label: 'Gross', num: true },
      { label: 'Your share', num: true }, { label: 'Status' }],
    page.data.map((p) => h('tr', { 'data-testid': 'payment-row', 'data-payment-id': p.paymentId,
      class: highlighted.has(p.paymentId) ? 'row-new' : null },
    h('td', null, dateTimeLabel(p.occurredAt)),
    h('td', null, PRODUCT_LABELS[p.productType] || STREAM_LABELS[p.stream] || 'Payment',
      h('span', { class: 'cell-sub mono' }, p.paymentId)),
    h('td', { class: 'num' }, money(p.gross, p.currency)),
    h('td', { class: 'num strong' }, money(p.partner, p.currency)),
    h('td', null, paymentStatus(p)))), 'recent-payments'));
  }

  function paymentStatus(p) {
    if (!isZero(p.disputed)) return badge('bad', 'Disputed');
    if (!isZero(p.refunded)) {
      return toUnits(p.refunded, 2) >= toUnits(p.gross, 2) ? badge('warn', 'Refunded') : badge('warn', 'Part refunded');
    }
    return badge('ok', 'Paid');
  }

  // ---------------------------------------------------------------- live updates

  const highlighted = new Set();

  function setLive(stateName, text) {
    const el = $('live-status');
    el.dataset.state = stateName;
    el.querySelector('.live-text').textContent = text;
  }

  function stopLive() {
    if (state.liveAbort) {
      state.liveAbort.abort();
      state.liveAbort = null;
    }
    setLive('off', 'Offline');
  }

  /**
   * Keeps the vault's event stream open while this session lasts. A dropped stream is reopened with
   * Last-Event-ID, so the server replays what was missed; without one (or when it says the replay was cut short)
   * every panel reloads instead.
   */
  async function startLive(generation) {
    const stream = { lastEventId: null, truncated: false };
    let backoff = LIVE_BACKOFF_MS_MIN;
    let connectedBefore = false;
    while (generation === state.generation) {
      const controller = new AbortController();
      state.liveAbort = controller;
      setLive('connecting', 'Connecting…');
      let response = null;
      let waitMs = null;
      try {
        const headers = { Authorization: `Bearer ${state.key}`, Accept: 'text/event-stream' };
        if (stream.lastEventId != null) headers['Last-Event-ID'] = stream.lastEventId;
        response = await fetch(vaultPath('/live'), { headers, signal: controller.signal, cache: 'no-store',
          credentials: 'omit' });
        if (response.status === 401) {
          if (generation === state.generation) signOut('Your key was not accepted any more. Sign in again.');
          return;
        }
        if (response.ok && response.body) {
          setLive('live', 'Live');
          const wasOffline = state.offline;
          setOffline(false);
          if (wasOffline || (connectedBefore && stream.lastEventId == null)) scheduleRefresh(Object.keys(LOADERS));
          connectedBefore = true;
          backoff = LIVE_BACKOFF_MS_MIN;
          await readEvents(response.body, generation, stream);
        } else if (response.status === 404) {
          setLive('unavailable', 'Live updates unavailable');
          waitMs = LIVE_BACKOFF_MS_MAX;
        } else if (response.status === 429 || response.status === 503) {
          // Too many streams for this key (another tab?) or for the server: wait as long as it asks.
          waitMs = Math.min((Number(response.headers.get('Retry-After')) || 30) * 1000, LIVE_BACKOFF_MS_MAX * 2);
        }
      } catch (e) {
        if (controller.signal.aborted || generation !== state.generation) return;
        setOffline(true); // the server went away (or the network did): say so until the stream is back
      }
      if (generation !== state.generation) return;
      if (stream.truncated) {
        stream.truncated = false;
        scheduleRefresh(Object.keys(LOADERS));
      }
      const delay = waitMs ?? Math.round(backoff * (0.75 + Math.random() * 0.5));
      if (response?.status !== 404) setLive('reconnecting', `Reconnecting in ${Math.ceil(delay / 1000)} s`);
      await sleep(delay);
      backoff = Math.min(backoff * 2, LIVE_BACKOFF_MS_MAX);
    }
  }

  /** Reads a text/event-stream until it ends: blank-line separated events, "event:"/"data:" fields, ":" comments. */
  async function readEvents(body, generation, stream) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done || generation !== state.generation) return;
      buffer = (buffer + value).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatchEvent(block, stream);
      }
      if (buffer.length > LIVE_BUFFER_CHARS_MAX) {
        await reader.cancel();
        return;
      }
    }
  }

  function dispatchEvent(block, stream) {
    let type = 'message';
    let id = null;
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        if (line.includes('replay truncated')) stream.truncated = true;
        continue;
      }
      if (line === '') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (id != null && id !== '') stream.lastEventId = id;
    if (data.length === 0) return;
    let payload;
    try {
      payload = JSON.parse(data.join('\n'));
    } catch (e) {
      return; // not one of ours
    }
    onLiveEvent(type, payload);
  }

  const LIVE_KINDS = {
    payment: { title: 'Payment received', tone: 'ok', groups: ['analytics', 'balances', 'payouts', 'upgrade',
      'payments', 'referrals'] },
    refund: { title: 'Refund posted', tone: 'warn', groups: ['analytics', 'balances', 'payouts', 'upgrade',
      'payments', 'referrals'] },
    dispute: { title: 'Dispute update', tone: 'bad', groups: ['analytics', 'balances', 'payouts', 'payments'] },
    payout: { title: 'Payout update', tone: 'info', groups: ['balances', 'payouts'] },
  };

  async function onLiveEvent(type, event) {
    const kind = LIVE_KINDS[type];
    if (!kind) return;
    const generation = state.generation;
    scheduleRefresh(kind.groups);
    let title = kind.title;
    let detail = event.sourceId || '';
    if (event.referral) {
      // A payment of a vault this one referred: it pays a commission, but its details belong to that vault.
      title = { payment: 'Referral commission', refund: 'Referral commission clawed back' }[type] || title;
      detail = 'From a partner you referred';
    } else if (type === 'payment' && event.sourceId) {
      highlighted.add(event.sourceId);
      try {
        const payment = await api(vaultPath(`/payments/${encodeURIComponent(event.sourceId)}`));
        detail = `${money(payment.gross, payment.currency)} · your share ${money(payment.partner, payment.currency)}`;
      } catch (e) {
        // the feed entry still names the payment
      }
    } else if (type === 'payout' && event.sourceId) {
      try {
        const payout = await api(vaultPath(`/payouts/${encodeURIComponent(event.sourceId)}`));
        detail = `${money(payout.amount, payout.currency)} · ${titleCase(payout.status)}`;
      } catch (e) {
        // the feed entry still names the payout
      }
    }
    if (generation !== state.generation) return;
    addFeedEntry(type, { ...kind, title }, event, detail);
    toast(kind.tone, title, detail);
  }

  function addFeedEntry(type, kind, event, detail) {
    const feed = $('live-feed');
    feed.prepend(h('li', { class: `feed-entry feed-${kind.tone}`, 'data-testid': 'live-entry', 'data-type': type,
      'data-source-id': event.referral ? null : event.sourceId, 'data-seq': event.seq },
    h('span', { class: 'feed-dot', 'aria-hidden': 'true' }),
    h('div', null,
      h('p', { class: 'feed-title' }, kind.title, h('time', { datetime: event.occurredAt },
        timeLabel(event.occurredAt || new Date().toISOString()))),
      h('p', { class: 'feed-detail' }, detail),
      event.sourceId && !event.referral && detail !== event.sourceId
        ? h('p', { class: 'feed-id mono' }, event.sourceId) : null)));
    while (feed.children.length > FEED_ENTRIES_MAX) feed.lastElementChild.remove();
    $('live-empty').hidden = true;
  }

  function toast(tone, title, detail) {
    const box = $('toasts');
    // The container is the polite live region; only failures interrupt.
    const note = h('div', { class: `toast toast-${tone}`, role: tone === 'error' ? 'alert' : null,
      'data-testid': 'toast' }, h('p', { class: 'toast-title' }, title), detail ? h('p', null, detail) : null);
    box.append(note);
    while (box.children.length > TOASTS_MAX) box.firstElementChild.remove();
    setTimeout(() => note.remove(), TOAST_MS);
  }

  // ---------------------------------------------------------------- wiring

  function init() {
    $('signin-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('signin-key').value.trim();
      if (!key) {
        showSignIn('Enter your partner API key.');
        return;
      }
      signIn(key);
    });
    $('sign-out').addEventListener('click', () => signOut('You are signed out. Your key was removed from this tab.'));
    $('vault-picker').addEventListener('change', (event) => openVault(event.target.value));
    $('banner-retry').addEventListener('click', () => {
      setOffline(false);
      refresh(Object.keys(LOADERS));
    });
    for (const button of document.querySelectorAll('[data-chart-type]')) {
      button.addEventListener('click', () => setChartType(button.dataset.chartType));
    }
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved, sessionStorage.getItem(VAULT_STORAGE));
    else showSignIn();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
