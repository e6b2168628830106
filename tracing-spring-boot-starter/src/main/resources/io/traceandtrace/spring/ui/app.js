// The trace page: the recent traces, or the waterfall of ?traceId=. Data only ever goes in as text.
(function () {
  'use strict';

  const base = document.body.dataset.base;
  const api = base + '/api/traces';
  const $ = (id) => document.getElementById(id);
  const AUTO_REFRESH_MS = 5000;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function formatDuration(micros) {
    if (micros < 1000) return micros + ' µs';
    if (micros < 1000000) return (micros / 1000).toFixed(micros < 10000 ? 2 : 1) + ' ms';
    return (micros / 1000000).toFixed(2) + ' s';
  }

  function pad(n, width) { return String(n).padStart(width, '0'); }

  function formatStart(micros) {
    const d = new Date(micros / 1000);
    const time = pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' + pad(d.getMilliseconds(), 3);
    const today = new Date();
    if (d.toDateString() === today.toDateString()) return time;
    return d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + ' ' + time;
  }

  function setStatus(text) { $('status').textContent = text; }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, body: body };
  }

  // ---- colours: a hue per service, a lightness and a pattern per kind ----
  const hues = new Map();
  function hue(service) {
    if (!hues.has(service)) {
      let h = 0;
      for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0;
      hues.set(service, (h * 137) % 360);
    }
    return hues.get(service);
  }
  const KIND_LIGHTNESS = { server: 42, client: 56, producer: 50, consumer: 50 };
  function colour(service, kind) {
    const lightness = KIND_LIGHTNESS[kind] || 66;
    return 'hsl(' + hue(service) + ', 62%, ' + lightness + '%)';
  }
  function kindOf(span) { return span.kind || 'internal'; }

  // ---- the list ----
  let timer = null;

  function readFilters() {
    const params = new URLSearchParams();
    const q = $('q').value.trim();
    if (q) params.set('q', q);
    if ($('errors').checked) params.set('errors', 'true');
    const min = $('min-duration').value.trim();
    if (min && Number(min) > 0) params.set('minDuration', min + 'ms');
    params.set('limit', $('limit').value);
    return params;
  }

  function writeFilters(params) {
    $('q').value = params.get('q') || '';
    $('errors').checked = params.get('errors') === 'true';
    const min = params.get('minDuration');
    $('min-duration').value = min ? min.replace(/ms$/, '') : '';
    if (params.get('limit')) $('limit').value = params.get('limit');
  }

  async function loadList() {
    const params = readFilters();
    const shown = new URLSearchParams(params);
    if (shown.get('limit') === '20') shown.delete('limit');
    history.replaceState(null, '', base + (shown.toString() ? '?' + shown : ''));
    let result;
    try {
      result = await getJson(api + '?' + params);
    } catch (e) {
      setStatus('Could not load the traces: ' + e.message);
      return;
    }
    if (!result.ok) {
      setStatus('Could not load the traces: ' + (result.body.error || 'HTTP ' + result.status));
      return;
    }
    renderList(result.body);
  }

  function renderList(listing) {
    const tbody = $('traces').tBodies[0];
    const rows = document.createDocumentFragment();
    for (const trace of listing.traces) {
      const tr = el('tr', trace.errorCount > 0 ? 'error' : '');
      tr.dataset.traceId = trace.traceId;
      tr.appendChild(el('td', 'start', formatStart(trace.startMicros)));
      const op = el('td', 'operation');
      const link = el('a', null, trace.rootOperation);
      link.href = base + '?traceId=' + encodeURIComponent(trace.traceId);
      op.appendChild(link);
      tr.appendChild(op);
      tr.appendChild(el('td', 'service', trace.services.length > 1
        ? trace.rootService + ' +' + (trace.services.length - 1) : trace.rootService));
      tr.appendChild(el('td', 'num duration', formatDuration(trace.durationMicros)));
      tr.appendChild(el('td', 'num spans', trace.spanCount));
      tr.appendChild(el('td', 'errors', trace.errorCount > 0 ? '✖ ' + trace.errorCount : ''));
      rows.appendChild(tr);
    }
    tbody.replaceChildren(rows);
    const empty = $('empty');
    if (!listing.enabled) {
      empty.textContent = 'Recent traces are off: tracing.recent.max-spans or tracing.recent.max-bytes is 0.';
    } else if (listing.traces.length === 0) {
      empty.textContent = listing.heldTraces === 0 ? 'No traces yet: call the application, then refresh.' : 'No trace matches the filters.';
    }
    empty.hidden = listing.enabled && listing.traces.length > 0;
    setStatus(listing.traces.length + ' shown of ' + listing.heldTraces + ' traces held (' + listing.heldSpans + ' spans) · '
      + 'updated ' + formatStart(Date.now() * 1000));
  }

  function setAutoRefresh(on) {
    if (timer) clearInterval(timer);
    timer = on ? setInterval(loadList, AUTO_REFRESH_MS) : null;
    try { localStorage.setItem('traceandtrace.autoRefresh', on ? '1' : '0'); } catch (e) { /* private mode */ }
  }

  function showList(params) {
    $('list-view').hidden = false;
    writeFilters(params);
    $('filters').addEventListener('submit', (event) => { event.preventDefault(); loadList(); });
    for (const id of ['errors', 'limit']) $(id).addEventListener('change', loadList);
    $('traces').tBodies[0].addEventListener('click', (event) => {
      const tr = event.target.closest('tr');
      if (tr && event.target.tagName !== 'A') location.href = base + '?traceId=' + encodeURIComponent(tr.dataset.traceId);
    });
    let auto = false;
    try { auto = localStorage.getItem('traceandtrace.autoRefresh') === '1'; } catch (e) { /* private mode */ }
    $('auto-refresh').checked = auto;
    $('auto-refresh').addEventListener('change', (event) => setAutoRefresh(event.target.checked));
    setAutoRefresh(auto);
    loadList();
  }

  // ---- one trace ----
  async function showTrace(traceId, spanId) {
    $('trace-view').hidden = false;
    $('trace-title').textContent = 'Trace ' + traceId;
    let result;
    try {
      result = await getJson(api + '/' + encodeURIComponent(traceId));
    } catch (e) {
      setStatus('Could not load the trace: ' + e.message);
      return;
    }
    if (!result.ok) {
      $('trace-meta').textContent = result.status === 404
        ? 'This trace is not held: unknown, or pushed out by newer traces.'
        : 'Could not load the trace: ' + (result.body.error || 'HTTP ' + result.status);
      return;
    }
    renderTrace(result.body, spanId);
  }

  function renderTrace(trace, selectedSpanId) {
    document.title = trace.rootOperation + ' · trace';
    $('trace-title').textContent = trace.rootOperation;
    $('trace-meta').textContent = trace.traceId + ' · ' + formatStart(trace.startMicros) + ' · ' + formatDuration(trace.durationMicros)
      + ' · ' + trace.spanCount + ' spans · ' + trace.services.length + (trace.services.length === 1 ? ' service' : ' services')
      + (trace.errorCount ? ' · ' + trace.errorCount + ' with errors' : '')
      + (trace.droppedSpans ? ' · ' + trace.droppedSpans + ' spans dropped (trace too big for tracing.recent.*)' : '');
    setStatus('');
    renderLegend(trace);
    renderTicks(trace.durationMicros);

    const total = Math.max(trace.durationMicros, 1);
    const depths = new Map();
    const bySpanId = new Map();
    const rows = document.createDocumentFragment();
    trace.spans.forEach((span, index) => {
      const depth = span.parentId && depths.has(span.parentId) ? depths.get(span.parentId) + 1 : 0;
      depths.set(span.spanId, depth);
      bySpanId.set(span.spanId, span);
      const kind = kindOf(span);
      const row = el('div', 'row' + (span.error ? ' error' : ''));
      row.dataset.spanId = span.spanId;
      row.dataset.depth = depth;
      row.dataset.index = index;
      row.tabIndex = -1;
      const label = el('div', 'label');
      label.style.paddingLeft = (8 + depth * 14) + 'px';
      const dot = el('span', 'svc');
      dot.style.background = colour(span.serviceName, kind);
      label.appendChild(dot);
      const parent = span.parentId ? bySpanId.get(span.parentId) : undefined;
      if (!parent || parent.serviceName !== span.serviceName) {
        label.appendChild(el('span', 'service', span.serviceName)); // only where the service changes
      }
      label.appendChild(el('span', 'op', span.operationName));
      if (span.error) label.appendChild(el('span', 'err-mark', '!'));
      label.title = span.serviceName + ' ' + span.operationName + ' (' + kind + ')';
      const lane = el('div', 'lane');
      const left = (span.startMicros - trace.startMicros) / total * 100;
      const width = span.durationMicros / total * 100;
      const bar = el('div', 'bar kind-' + kind + (span.error ? ' error' : ''));
      bar.style.left = left + '%';
      bar.style.width = width + '%';
      bar.style.backgroundColor = colour(span.serviceName, kind);
      lane.appendChild(bar);
      const dur = el('span', 'dur', formatDuration(span.durationMicros));
      if (left + width > 80 && width > 12) {
        dur.classList.add('inside'); // no room after the bar: write on it
        dur.style.right = (100 - left - width) + '%';
        dur.style.marginRight = '4px';
      } else if (left + width > 80) {
        dur.style.right = (100 - left) + '%';
        dur.style.marginRight = '4px';
      } else {
        dur.style.left = (left + width) + '%';
        dur.style.marginLeft = '4px';
      }
      lane.appendChild(dur);
      row.appendChild(label);
      row.appendChild(lane);
      rows.appendChild(row);
    });
    const container = $('rows');
    container.replaceChildren(rows);

    function select(row) {
      if (!row) return;
      const previous = container.querySelector('.row.selected');
      if (previous) previous.classList.remove('selected');
      row.classList.add('selected');
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'nearest' });
      renderDetail(bySpanId.get(row.dataset.spanId), trace);
      const params = new URLSearchParams(location.search);
      params.set('spanId', row.dataset.spanId);
      history.replaceState(null, '', base + '?' + params);
    }
    container.addEventListener('click', (event) => select(event.target.closest('.row')));
    container.addEventListener('keydown', (event) => {
      const current = container.querySelector('.row.selected');
      if (!current) return;
      if (event.key === 'ArrowDown') { event.preventDefault(); select(current.nextElementSibling); }
      if (event.key === 'ArrowUp') { event.preventDefault(); select(current.previousElementSibling); }
    });
    if (selectedSpanId && bySpanId.has(selectedSpanId)) {
      select(container.querySelector('.row[data-span-id="' + CSS.escape(selectedSpanId) + '"]'));
    }
  }

  function renderLegend(trace) {
    const legend = $('legend');
    const items = document.createDocumentFragment();
    for (const service of trace.services) {
      const item = el('span', 'legend-service');
      const swatch = el('span', 'swatch');
      swatch.style.background = colour(service, 'server');
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(service));
      items.appendChild(item);
    }
    const present = new Set(trace.spans.map((span) => kindOf(span) === 'consumer' ? 'producer' : kindOf(span)));
    for (const kind of ['server', 'client', 'producer', 'internal'].filter((k) => present.has(k))) {
      const item = el('span', 'legend-kind');
      const swatch = el('span', 'swatch bar-like kind-' + kind);
      swatch.classList.add('bar');
      swatch.style.position = 'static';
      swatch.style.display = 'inline-block';
      swatch.style.backgroundColor = colour(trace.services[0] || '', kind);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(kind === 'producer' ? 'producer / consumer' : kind));
      items.appendChild(item);
    }
    if (!trace.errorCount) {
      legend.replaceChildren(items);
      return;
    }
    const err = el('span', 'legend-error');
    const swatch = el('span', 'swatch bar error');
    swatch.style.position = 'static';
    swatch.style.display = 'inline-block';
    swatch.style.backgroundColor = '#bbb';
    err.appendChild(swatch);
    err.appendChild(document.createTextNode('error'));
    items.appendChild(err);
    legend.replaceChildren(items);
  }

  function renderTicks(durationMicros) {
    const ticks = document.createDocumentFragment();
    for (let i = 0; i <= 4; i++) {
      const tick = el('span', 'tick', formatDuration(Math.round(durationMicros * i / 4)));
      tick.style.left = (i * 25) + '%';
      ticks.appendChild(tick);
    }
    $('ticks').replaceChildren(ticks);
  }

  function table(entries, valueClass) {
    const t = el('table');
    const body = el('tbody');
    for (const [key, value] of entries) {
      const tr = el('tr');
      tr.appendChild(el('td', 'key', key));
      tr.appendChild(el('td', 'value' + (valueClass && valueClass(key, value) ? ' ' + valueClass(key, value) : ''),
        typeof value === 'string' ? value : JSON.stringify(value)));
      body.appendChild(tr);
    }
    t.appendChild(body);
    return t;
  }

  const DROPPED_LOGS = 'dropped Span logs';

  function renderDetail(span, trace) {
    const detail = $('detail');
    const parts = document.createDocumentFragment();
    parts.appendChild(el('h2', span.error ? 'error-text' : '', span.operationName));
    parts.appendChild(table([
      ['service', span.serviceName],
      ['kind', kindOf(span)],
      ['span id', span.spanId],
      ['parent id', span.parentId || '(root)'],
      ['start', '+' + formatDuration(span.startMicros - trace.startMicros) + ' (' + formatStart(span.startMicros) + ')'],
      ['duration', formatDuration(span.durationMicros)],
    ]));
    parts.appendChild(el('h3', null, 'Tags'));
    const tags = Object.entries(span.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    parts.appendChild(tags.length ? table(tags, (key, value) => key === 'error' && value === true ? 'error-text' : '')
      : el('p', 'none', 'none'));
    parts.appendChild(el('h3', null, 'Logs (' + span.logs.length + ')'));
    if (span.logs.length === 0) {
      parts.appendChild(el('p', 'none', 'none'));
    } else {
      const list = el('ol', 'logs');
      for (const log of span.logs) {
        const at = '+' + formatDuration(log.timestampMicros - trace.startMicros);
        if (log.event === DROPPED_LOGS) {
          const li = el('li', 'dropped');
          li.appendChild(el('span', 'at', at));
          li.appendChild(document.createTextNode('… ' + (log.dropped_log_count !== undefined ? log.dropped_log_count : 'some')
            + ' logs dropped here (tracing.span.max-logs keeps the oldest and the newest) …'));
          list.appendChild(li);
          continue;
        }
        const li = el('li', 'log');
        li.appendChild(el('span', 'at', at));
        const fields = Object.entries(log).filter(([key]) => key !== 'timestampMicros')
          .map(([key, value]) => key + '=' + (typeof value === 'string' ? value : JSON.stringify(value)));
        li.appendChild(document.createTextNode(fields.join('  ')));
        list.appendChild(li);
      }
      parts.appendChild(list);
    }
    detail.replaceChildren(parts);
    detail.hidden = false;
  }

  const params = new URLSearchParams(location.search);
  if (params.get('traceId')) {
    showTrace(params.get('traceId'), params.get('spanId'));
  } else {
    showList(params);
  }
})();
