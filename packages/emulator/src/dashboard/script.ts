/**
 * The dashboard's script (`GET /__emulator/dashboard.js`), plain browser JavaScript served as is (no build step).
 * Everything it shows comes from the control API (`/__emulator/...`), which it calls with the chosen language in
 * Accept-Language; `GET /__emulator/events` (server-sent events) tells it when to read again.
 * Kept as a string so the published package needs no asset copying; it uses no template literals.
 */
import { DASHBOARD_TEXTS } from './i18n.js';

const BODY = String.raw`
(function () {
  'use strict';
  var CONTROL = '/__emulator/';
  var saved = null;
  try { saved = localStorage.getItem('tosskit-dashboard-lang'); } catch (e) { saved = null; }
  var fromQuery = new URLSearchParams(location.search).get('lang');
  var lang = fromQuery === 'en' || fromQuery === 'ko' ? fromQuery : saved === 'en' ? 'en' : 'ko';
  var selected = decodeURIComponent((location.hash.match(/payment=([^&]+)/) || [])[1] || '') || null;
  var $ = function (id) { return document.getElementById(id); };
  var t = function (key) { return (TEXTS[lang] && TEXTS[lang][key]) || key; };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function time(ms) {
    return new Date(ms).toLocaleString(lang === 'en' ? 'en-GB' : 'ko-KR', { timeZone: 'Asia/Seoul', hour12: false });
  }

  function money(value, currency) {
    var n = Number(value).toLocaleString(lang === 'en' ? 'en-US' : 'ko-KR');
    return currency && currency !== 'KRW' ? n + ' ' + currency : lang === 'en' ? n + ' KRW' : n + '원';
  }

  function show(text, ok) {
    var box = $('message');
    box.textContent = text;
    box.className = ok ? 'ok' : '';
    box.dataset.kind = ok ? 'ok' : 'error';
    box.hidden = false;
  }

  async function api(method, path, body) {
    var headers = { 'accept-language': lang, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    var res = await fetch(CONTROL + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    var text = await res.text();
    var value = text === '' ? null : JSON.parse(text);
    if (!res.ok) {
      var problem = new Error((value && value.message) || res.statusText);
      problem.code = value && value.code;
      throw problem;
    }
    return value;
  }

  async function act(method, path, body) {
    try {
      var value = await api(method, path, body);
      show(t('done'), true);
      await refresh();
      return value;
    } catch (error) {
      show((error.code ? error.code + ': ' : '') + error.message, false);
      return null;
    }
  }

  function translate() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = t(node.dataset.i18n); });
    document.querySelectorAll('[data-i18n-ph]').forEach(function (node) { node.placeholder = t(node.dataset.i18nPh); });
    $('lang').textContent = t('switchTo');
    document.title = t('title');
    var live = $('live');
    if (live.dataset.state === 'open') live.textContent = '● ' + t('live');
    if (live.dataset.state === 'reconnecting') live.textContent = t('reconnecting');
  }

  function filterQuery() {
    var form = $('filters');
    var q = new URLSearchParams();
    ['status', 'method', 'orderId', 'from', 'to'].forEach(function (name) {
      var v = form.elements[name].value.trim();
      if (v !== '') q.set(name, v);
    });
    var s = q.toString();
    return s === '' ? '' : '?' + s;
  }

  function statusBadge(status) {
    return el('span', { className: 'status', 'data-status': status, title: status, text: t(status) });
  }

  async function loadPayments() {
    var list = await api('GET', 'payments' + filterQuery());
    var rows = $('payment-rows');
    rows.textContent = '';
    list.slice().reverse().forEach(function (p) {
      var row = el('tr', { className: 'payment' + (p.paymentKey === selected ? ' selected' : ''), 'data-testid': 'payment-row', 'data-order-id': p.orderId, 'data-payment-key': p.paymentKey, 'data-status': p.status }, [
        el('td', { text: p.requestedAt.replace('T', ' ').slice(0, 19) }),
        el('td', { text: p.orderId }),
        el('td', { text: p.orderName }),
        el('td', { text: p.method || '-' }),
        el('td', {}, [statusBadge(p.status)]),
        el('td', { text: money(p.balanceAmount, p.currency) + (p.balanceAmount !== p.totalAmount ? ' / ' + money(p.totalAmount, p.currency) : '') })
      ]);
      row.addEventListener('click', function () { select(p.paymentKey); });
      rows.appendChild(row);
    });
    $('no-payments').hidden = list.length > 0;
  }

  function attemptItem(a) {
    var outcome = a.status !== null ? 'HTTP ' + a.status : a.error || t('noAnswer');
    return el('li', { 'data-testid': 'attempt', 'data-status': a.status === null ? '' : String(a.status) }, [
      el('span', { className: 'time', text: time(a.at) }),
      t('attempt') + ' ' + (a.retriedCount + 1) + ' · ',
      el('b', { 'data-testid': 'attempt-status', text: outcome }),
      el('span', { className: 'muted', text: ' · ' + a.durationMs + ' ms' }),
      a.answer !== null ? el('details', {}, [el('summary', { text: t('answer') }), el('pre', { 'data-testid': 'attempt-answer', text: a.answer })]) : null
    ]);
  }

  function deliveryItem(d) {
    var resend = el('button', { type: 'button', 'data-testid': 'resend', text: t('resend') });
    resend.addEventListener('click', function () { act('POST', 'deliveries/' + d.id + '/resend'); });
    var head = [
      el('b', { text: t('delivery') + ' #' + d.id + ' ' + d.eventType }),
      ' → ', el('code', { 'data-testid': 'delivery-url', text: d.url }), ' ',
      el('span', { 'data-testid': 'delivery-state', 'data-state': d.state, text: t('state.' + d.state) }), ' ',
      d.resentFrom ? el('span', { className: 'muted', text: '(' + t('resentFrom') + ' #' + d.resentFrom + ') ' }) : null,
      d.nextAttemptAt !== null ? el('span', { className: 'muted', text: t('nextAttempt') + ' ' + time(d.nextAttemptAt) + ' ' }) : null,
      resend
    ];
    return head.concat([
      el('details', {}, [el('summary', { text: t('bodySent') }), el('pre', { 'data-testid': 'delivery-body', text: JSON.stringify(d.body, null, 2) })]),
      el('ol', { className: 'attempts' }, d.attempts.map(attemptItem))
    ]);
  }

  function entryItem(e, currency) {
    var parts;
    if (e.kind === 'status') parts = [t('statusChange') + ' ', statusBadge(e.status)];
    else if (e.kind === 'transaction') parts = [t('transaction') + ' ', el('code', { text: e.transactionKey }), ' ', statusBadge(e.status), ' ' + money(e.amount, currency)];
    else if (e.kind === 'cancel') parts = [t('cancelEntry') + ' ' + money(e.cancelAmount, currency) + ' · ' + e.cancelReason + ' · ' + e.cancelStatus];
    else parts = deliveryItem(e.delivery);
    return el('li', { 'data-kind': e.kind, 'data-testid': 'timeline-' + e.kind }, [el('span', { className: 'time', text: time(e.at) })].concat(parts));
  }

  async function loadTimeline() {
    $('no-detail').hidden = selected !== null;
    $('detail-body').hidden = selected === null;
    if (selected === null) return;
    var tl;
    try {
      tl = await api('GET', 'payments/' + encodeURIComponent(selected) + '/timeline');
    } catch (error) {
      selected = null;
      return loadTimeline();
    }
    var p = tl.payment;
    $('detail-order').textContent = p.orderId + ' · ' + p.orderName;
    var status = $('detail-status');
    status.textContent = t(p.status);
    status.dataset.status = p.status;
    $('detail-key').textContent = p.paymentKey;
    $('detail-amount').textContent = money(p.balanceAmount, p.currency) + ' / ' + money(p.totalAmount, p.currency) + ' · ' + (p.method || '-');
    var list = $('timeline');
    list.textContent = '';
    tl.entries.forEach(function (e) { list.appendChild(entryItem(e, p.currency)); });
  }

  function select(paymentKey) {
    selected = paymentKey;
    history.replaceState(null, '', '#payment=' + encodeURIComponent(paymentKey));
    refresh();
  }

  async function loadEndpoints() {
    var subs = await api('GET', 'webhooks/subscriptions');
    var rows = $('endpoint-rows');
    rows.textContent = '';
    subs.forEach(function (s) {
      var remove = el('button', { type: 'button', 'data-testid': 'endpoint-remove', text: t('remove') });
      remove.addEventListener('click', function () { act('DELETE', 'webhooks', { url: s.url }); });
      rows.appendChild(el('tr', { 'data-testid': 'endpoint-row', 'data-url': s.url }, [
        el('td', {}, [el('code', { text: s.url })]),
        el('td', { text: s.events === null ? t('allEvents') : s.events.join(', ') }),
        el('td', {}, [remove])
      ]));
    });
    if (subs.length === 0) rows.appendChild(el('tr', {}, [el('td', { className: 'muted', text: t('noEndpoints') })]));
  }

  async function loadFaults() {
    var list = await api('GET', 'faults');
    var rows = $('fault-rows');
    rows.textContent = '';
    list.forEach(function (f) {
      rows.appendChild(el('tr', { 'data-testid': 'fault-row' }, [
        el('td', { text: '#' + f.id }),
        el('td', {}, [el('code', { text: JSON.stringify(f.spec) })]),
        el('td', { className: 'muted', text: f.remaining === null ? t('untilCleared') : f.remaining + ' ' + t('left') })
      ]));
    });
    if (list.length === 0) rows.appendChild(el('tr', {}, [el('td', { className: 'muted', text: t('noFaults') })]));
  }

  async function loadClock() {
    var c = await api('GET', 'clock');
    $('clock').textContent = time(c.now);
    $('clock').dataset.now = String(c.now);
  }

  var refreshing = null;
  var again = false;
  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async function () {
      do {
        again = false;
        try {
          await Promise.all([loadPayments(), loadTimeline(), loadEndpoints(), loadFaults(), loadClock()]);
          document.body.dataset.loaded = String(Number(document.body.dataset.loaded || '0') + 1);
        } catch (error) {
          show((error.code ? error.code + ': ' : '') + error.message, false);
        }
      } while (again);
    })();
    try { await refreshing; } finally { refreshing = null; }
  }

  function faultSpec(form) {
    var f = form.elements;
    var spec = { kind: f.kind.value };
    var num = function (name) { return f[name].value === '' ? undefined : Number(f[name].value); };
    if (spec.kind === 'webhook') {
      spec.action = f.action.value;
      if (spec.action === 'delay') spec.delayMs = num('ms') || 0;
    } else {
      spec.route = f.route.value;
      if (spec.kind === 'latency') spec.ms = num('ms') || 0;
      if (spec.kind === 'fail') {
        if (f.code.value.trim() !== '') spec.code = f.code.value.trim();
        if (num('status') !== undefined) spec.status = num('status');
      }
    }
    if (num('times') !== undefined) spec.times = num('times');
    return spec;
  }

  function wire() {
    $('lang').addEventListener('click', function () {
      lang = lang === 'ko' ? 'en' : 'ko';
      try { localStorage.setItem('tosskit-dashboard-lang', lang); } catch (e) { /* private mode */ }
      translate();
      refresh();
    });
    var filters = $('filters');
    filters.addEventListener('input', function () { refresh(); });
    filters.addEventListener('reset', function () { setTimeout(refresh, 0); });
    filters.addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
    $('actions').addEventListener('click', function (e) {
      var action = e.target.dataset && e.target.dataset.action;
      if (action && selected) act('POST', 'payments/' + encodeURIComponent(selected) + '/' + action);
    });
    $('cancel-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var f = e.target.elements;
      var body = {};
      if (f.cancelAmount.value !== '') {
        var amount = Number(f.cancelAmount.value);
        if (!Number.isSafeInteger(amount) || amount < 1) return show(t('invalidAmount'), false);
        body.cancelAmount = amount;
      }
      if (f.cancelReason.value.trim() !== '') body.cancelReason = f.cancelReason.value.trim();
      act('POST', 'payments/' + encodeURIComponent(selected) + '/cancel', body);
    });
    $('endpoint-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var f = e.target;
      var events = Array.prototype.slice.call(f.querySelectorAll('input[name=events]:checked')).map(function (c) { return c.value; });
      act('POST', 'webhooks', { url: f.elements.url.value.trim(), events: events.length ? events : null });
    });
    $('fault-form').addEventListener('submit', function (e) { e.preventDefault(); act('POST', 'faults', faultSpec(e.target)); });
    $('faults-clear').addEventListener('click', function () { act('DELETE', 'faults'); });
    $('clock-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var f = e.target.elements;
      act('POST', 'clock', { advanceMs: Number(f.amount.value) * Number(f.unit.value) });
    });
  }

  function listen() {
    var live = $('live');
    var source = new EventSource(CONTROL + 'events');
    source.addEventListener('open', function () { live.dataset.state = 'open'; live.textContent = '● ' + t('live'); });
    source.addEventListener('error', function () { live.dataset.state = 'reconnecting'; live.textContent = t('reconnecting'); });
    source.addEventListener('change', function () { refresh(); });
  }

  translate();
  wire();
  listen();
  refresh();
})();
`;

export const DASHBOARD_SCRIPT = `/* tosskit emulator dashboard */\nvar TEXTS = ${JSON.stringify(DASHBOARD_TEXTS)};\n${BODY}`;
