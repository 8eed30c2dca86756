/*
 * The dashboard: the scorecard of the chosen org unit and period, its units, indicators, agencies and reports,
 * kept current by the reporting service's live stream. Loaded after sign-in.js, text.js and sparkline.js.
 */
/* global oidcSignIn, DASHBOARD_TEXT, sparkline */
(() => {
  'use strict';
  const T = DASHBOARD_TEXT;
  const params = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('token')) {
    // Development only: a token minted with the development key (npm run token -- --dev).
    sessionStorage.setItem('dxhub-token', hash.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const signIn = oidcSignIn(document.body.dataset.oidcIssuer, document.body.dataset.oidcClientId);
  if (signIn === null) return;
  const headers = () => {
    const token = signIn ? signIn.accessToken() : sessionStorage.getItem('dxhub-token');
    return token ? { Authorization: 'Bearer ' + token } : {};
  };
  const state = {
    lang: params.get('lang') || localStorage.getItem('dxhub-lang') || 'vi',
    period: params.get('period') || '',
    path: [params.get('orgUnit') || '82'],
    card: null,
  };
  const $ = (id) => document.getElementById(id);
  const t = (k) => (T[state.lang] && T[state.lang][k]) || k;
  const esc = (s) =>
    String(s == null ? '' : s).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  const fmt = (v, d = 2) =>
    v == null ? '—' : Number(v).toLocaleString(state.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: d });
  const colour = (s) => (s == null ? 'var(--none)' : s >= 0.9 ? 'var(--good)' : s >= 0.7 ? 'var(--mid)' : 'var(--bad)');
  const api = async (path) => {
    const r = await fetch(path, { headers: headers() });
    if (r.status === 401 && signIn) signIn.expired();
    if (!r.ok) throw new Error(path + ': ' + r.status);
    return r.json();
  };
  const unit = () => state.path[state.path.length - 1];
  const names = {};

  function applyLang() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-t]').forEach((el) => {
      el.textContent = t(el.dataset.t);
    });
    if ($('live').dataset.state) $('live').textContent = t($('live').dataset.state === 'live' ? 'live' : 'offline');
    $('lang-vi').classList.toggle('on', state.lang === 'vi');
    $('lang-en').classList.toggle('on', state.lang === 'en');
    document.title = 'DX Hub — ' + t('title');
  }
  function name(o) {
    return state.lang === 'en' ? o.nameEn || o.nameVi || o.code : o.nameVi || o.code;
  }

  function renderCard(card) {
    state.card = card;
    names[card.orgUnit.code] = card.orgUnit.nameVi;
    $('unit-name').textContent = card.orgUnit.nameVi;
    $('overall').textContent = card.overall.score == null ? '—' : fmt(card.overall.score * 100, 1) + ' %';
    $('overall').style.color = colour(card.overall.score);
    $('framework').textContent = card.framework.code + ' · ' + card.framework.decision;
    $('crumbs').innerHTML = state.path
      .map((c, i) =>
        i < state.path.length - 1 ? '<a data-depth="' + i + '">' + esc(names[c] || c) + '</a> › ' : esc(names[c] || c),
      )
      .join('');
    $('pillars').innerHTML = card.pillars
      .map(
        (p) =>
          '<div class="bar" data-pillar="' +
          p.code +
          '"><span>' +
          esc(p.code + ' · ' + name(p)) +
          '</span><div class="track"><div class="fill" style="width:' +
          Math.min(100, (p.score || 0) * 100) +
          '%;background:' +
          colour(p.score) +
          '"></div><div class="mark" style="left:calc(100% - 2px)"></div></div><b>' +
          (p.score == null ? '—' : fmt(p.score * 100, 0) + '%') +
          '</b></div>',
      )
      .join('');
    const lines = card.indexes.flatMap((i) => i.lines).concat(card.other);
    const withData = lines.filter((l) => l.value != null || l.target != null);
    $('indicators').innerHTML =
      withData.length === 0
        ? '<tr><td colspan="7" class="muted">' + t('noData') + '</td></tr>'
        : withData
            .map(
              (l) =>
                '<tr><td>' +
                esc(name(l)) +
                ' <span class="muted">' +
                esc(l.code) +
                '</span></td>' +
                '<td class="num"><span data-cell="' +
                esc(l.code + '|' + card.orgUnit.code + '|' + card.period) +
                '" data-value="' +
                (l.value == null ? '' : l.value) +
                '">' +
                fmt(l.value) +
                '</span> ' +
                esc(l.unit) +
                '<br><button class="explain" data-explain="' +
                esc(l.code) +
                '">' +
                t('explain') +
                '</button></td>' +
                '<td class="num hide-sm">' +
                fmt(l.target) +
                '</td><td class="num hide-sm">' +
                fmt(l.nationalAverage, 4) +
                '</td>' +
                '<td class="num">' +
                (l.achievement == null ? '—' : fmt(l.achievement, 1) + '%') +
                '</td>' +
                '<td><span class="status s-' +
                l.status +
                '">' +
                t(l.status) +
                '</span></td><td class="hide-sm">' +
                sparkline(l.trend) +
                '</td></tr>',
            )
            .join('');
  }

  function renderUnits(table) {
    const rows = table.rows;
    rows.forEach((r) => {
      names[r.orgUnitCode] = r.orgUnitName;
    });
    $('units').innerHTML =
      rows.length === 0
        ? '<span class="muted">' + t('noUnits') + '</span>'
        : rows
            .map(
              (r) =>
                '<button class="tile" data-unit="' +
                esc(r.orgUnitCode) +
                '" data-score="' +
                (r.value == null ? '' : r.value) +
                '" style="background:' +
                colour(r.value) +
                '"><b>' +
                esc(r.orgUnitName) +
                '</b><span>' +
                (r.value == null ? '—' : fmt(r.value * 100, 1) + ' %') +
                (r.rank ? ' · #' + r.rank : '') +
                '</span></button>',
            )
            .join('');
  }

  async function renderAgencies() {
    try {
      const rows = await api('/v1/agency-performance?period=' + encodeURIComponent(state.period));
      $('agencies').innerHTML = rows
        .map(
          (a) =>
            '<tr><td>' +
            esc(a.agencyCode) +
            '</td><td class="num">' +
            (a.completeness == null ? '—' : fmt(a.completeness * 100, 0) + '%') +
            '</td><td class="num">' +
            (a.timeliness == null ? '—' : fmt(a.timeliness * 100, 0) + '%') +
            '</td><td class="num">' +
            (a.overdueTasks == null ? '—' : a.overdueTasks) +
            '</td></tr>',
        )
        .join('');
    } catch {
      $('agencies').innerHTML = '';
    }
  }

  async function renderReports() {
    try {
      const rows = await api('/v1/reports');
      $('reports').innerHTML = rows
        .slice(0, 8)
        .map(
          (r) =>
            '<li>' +
            esc(r.kind + ' ' + r.period + ' · ' + r.orgUnitCode + ' · ' + r.generatedAt.slice(0, 10)) +
            ' — <a href="' +
            r.href +
            '/pdf">PDF</a> · <a href="' +
            r.href +
            '/xlsx">XLSX</a> · <a href="' +
            r.href +
            '/csv">CSV</a></li>',
        )
        .join('');
    } catch {
      $('reports').innerHTML = '';
    }
  }

  let loading = null;
  async function load() {
    if (!state.period) return;
    const card = await api('/v1/scorecard?orgUnit=' + unit() + '&period=' + encodeURIComponent(state.period)).catch(
      () => null,
    );
    if (card) renderCard(card);
    const table = await api(
      '/v1/league-table?by=overall&period=' + encodeURIComponent(state.period) + '&parent=' + unit(),
    ).catch(() => ({ rows: [] }));
    renderUnits(table);
    document.body.dataset.loaded = String(Date.now());
  }
  function reload() {
    if (!loading)
      loading = setTimeout(() => {
        loading = null;
        load().then(renderAgencies);
      }, 250);
  }

  async function periods() {
    const list = await api('/v1/periods').catch(() => []);
    if (state.period && !list.includes(state.period)) list.unshift(state.period);
    if (!state.period) state.period = list[0] || '';
    $('period').innerHTML = list
      .map((p) => '<option' + (p === state.period ? ' selected' : '') + '>' + esc(p) + '</option>')
      .join('');
  }

  async function explain(code) {
    const q =
      'indicator=' + encodeURIComponent(code) + '&orgUnit=' + unit() + '&period=' + encodeURIComponent(state.period);
    const a = await api('/v1/aggregates?' + q).catch(() => null);
    const base = document.body.dataset.indicatorsUrl || '';
    $('explain-body').innerHTML = a
      ? '<p><b>' +
        esc(code) +
        '</b> · ' +
        esc(a.orgUnitName) +
        ' · ' +
        esc(a.period) +
        ': <b>' +
        fmt(a.value) +
        '</b> (' +
        esc(a.aggregation) +
        ')</p>' +
        '<p class="muted">' +
        t('valueCount') +
        ': ' +
        a.valueCount +
        ' · ' +
        t('version') +
        ' ' +
        a.version +
        ' · ' +
        t('updatedAt') +
        ' ' +
        esc(a.updatedAt) +
        '</p>' +
        '<p><a target="_blank" rel="noopener" href="' +
        esc(base) +
        '/v1/aggregates/explain?' +
        q +
        '">' +
        t('explainLink') +
        '</a></p>'
      : t('noData');
    $('explain-panel').classList.add('open');
  }

  function connect() {
    // fetch-based server-sent events, so a bearer token can go along (EventSource sends no headers).
    const ctrl = new AbortController();
    fetch('/v1/stream', {
      headers: Object.assign({ Accept: 'text/event-stream' }, headers()),
      signal: ctrl.signal,
    })
      .then(async (res) => {
        if (!res.ok || !res.body) throw new Error('stream ' + res.status);
        $('live').textContent = t('live');
        $('live').dataset.state = 'live';
        document.body.dataset.live = 'true';
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = chunk
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n');
            if (data) onUpdate(JSON.parse(data));
          }
        }
        throw new Error('stream ended');
      })
      .catch(() => {
        $('live').textContent = t('offline');
        $('live').dataset.state = 'offline';
        document.body.dataset.live = 'false';
        setTimeout(connect, 3000);
      });
  }

  function onUpdate(update) {
    if (update.kind === 'aggregates') {
      let relevant = false;
      for (const a of update.aggregates || []) {
        if (a.period !== state.period) continue;
        relevant = true;
        const cell = document.querySelector(
          '[data-cell="' + CSS.escape(a.indicatorCode + '|' + a.orgUnitCode + '|' + a.period) + '"]',
        );
        if (cell) {
          cell.dataset.value = a.value == null ? '' : a.value;
          cell.textContent = fmt(a.value);
          cell.classList.remove('flash');
          void cell.offsetWidth;
          cell.classList.add('flash');
        }
      }
      if (relevant) reload();
      if ((update.aggregates || []).some((a) => a.period !== state.period)) periods();
    } else if (update.kind === 'scores') {
      if ((update.periods || []).includes(state.period)) reload();
    } else if (update.kind === 'catalogue') reload();
    else if (update.kind === 'report') renderReports();
  }

  document.addEventListener('click', (e) => {
    const el = e.target.closest('[data-unit],[data-depth],[data-explain]');
    if (!el) return;
    if (el.dataset.unit) {
      state.path.push(el.dataset.unit);
      load();
    } else if (el.dataset.depth) {
      state.path = state.path.slice(0, Number(el.dataset.depth) + 1);
      load();
    } else if (el.dataset.explain) explain(el.dataset.explain);
  });
  $('period').addEventListener('change', (e) => {
    state.period = e.target.value;
    load().then(renderAgencies);
  });
  const setLang = (l) => {
    state.lang = l;
    localStorage.setItem('dxhub-lang', l);
    applyLang();
    if (state.card) renderCard(state.card);
    load();
  };
  $('lang-vi').addEventListener('click', () => setLang('vi'));
  $('lang-en').addEventListener('click', () => setLang('en'));

  applyLang();
  if (signIn) {
    $('user').hidden = false;
    $('user-name').textContent = signIn.who();
    $('sign-out').addEventListener('click', () => signIn.signOut());
  }
  connect();
  periods()
    .then(load)
    .then(() => {
      renderAgencies();
      renderReports();
    });
})();
