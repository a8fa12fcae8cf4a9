'use strict';
// The live stats dashboard: reads GET /v1/clusters/stats/stream with fetch (EventSource cannot send headers),
// lists the most recently updated clusters with POST /v1/clusters/list, and derives this instance's event rates
// from /health/ready. The key and namespace live in sessionStorage only.
(() => {
  const STORE_KEY = 'cluster-index.key';
  const STORE_NAMESPACE = 'cluster-index.namespace';
  const RECENT_LIMIT = 10;
  const RATE_INTERVAL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  const numbers = new Intl.NumberFormat('en-US');
  const decimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const SVG = 'http://www.w3.org/2000/svg';

  let session = null;

  function headers(extra) {
    return Object.assign({ 'Authorization': 'Bearer ' + session.key, 'X-Namespace': session.namespace }, extra || {});
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) {
        return body.error.message + ' (' + response.status + ')';
      }
    } catch (ignored) {
      // not the error envelope
    }
    return 'the server answered ' + response.status;
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  function setConnection(state) {
    $('connection').dataset.state = state;
    $('connection').textContent = state;
  }

  function signIn(key, namespace) {
    sessionStorage.setItem(STORE_KEY, key);
    sessionStorage.setItem(STORE_NAMESPACE, namespace);
    start({ key, namespace });
  }

  function signOut(message) {
    if (session) {
      session.stopped = true;
      session.abort.abort();
      clearInterval(session.rateTimer);
    }
    session = null;
    sessionStorage.removeItem(STORE_KEY);
    sessionStorage.removeItem(STORE_NAMESPACE);
    show('dashboard', false);
    show('session', false);
    show('login', true);
    $('login-error').textContent = message || '';
    show('login-error', Boolean(message));
  }

  function start(credentials) {
    session = Object.assign({ abort: new AbortController(), lastEventId: null, stopped: false, listing: null,
      relist: false, rates: null }, credentials);
    $('namespace-label').textContent = credentials.namespace;
    show('login', false);
    show('login-error', false);
    show('dashboard', true);
    show('session', true);
    setConnection('connecting');
    const current = session;
    readStream(current);
    refreshRates(current);
    current.rateTimer = setInterval(() => refreshRates(current), RATE_INTERVAL_MS);
  }

  async function readStream(current) {
    let delay = 500;
    while (!current.stopped) {
      try {
        const extra = { 'Accept': 'text/event-stream' };
        if (current.lastEventId) {
          extra['Last-Event-ID'] = current.lastEventId;
        }
        const response = await fetch('/v1/clusters/stats/stream', { headers: headers(extra),
          signal: current.abort.signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 404 || response.status === 400) {
          signOut(await errorMessage(response));
          return;
        }
        if (!response.ok) {
          throw new Error(await errorMessage(response));
        }
        show('stream-error', false);
        setConnection('live');
        delay = 500;
        await readEvents(current, response.body.getReader());
      } catch (error) {
        if (current.stopped) {
          return;
        }
        $('stream-error').textContent = 'Live stats interrupted: ' + error.message + '. Reconnecting…';
        show('stream-error', true);
      }
      if (current.stopped) {
        return;
      }
      setConnection('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  async function readEvents(current, reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handleEvent(current, block);
      }
    }
  }

  function handleEvent(current, block) {
    let id = null;
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) {
        id = line.slice(3).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
    if (data.length === 0) {
      return;
    }
    if (id) {
      current.lastEventId = id;
    }
    renderStats(JSON.parse(data.join('\n')));
    $('last-id').textContent = id || 'none yet';
    $('updated-at').textContent = new Date().toLocaleTimeString();
    refreshList(current);
  }

  function renderStats(stats) {
    $('total-clusters').textContent = numbers.format(stats.total_clusters);
    $('total-documents').textContent = numbers.format(stats.total_documents);
    $('avg-documents').textContent = decimals.format(stats.avg_documents_per_cluster);
    renderBars(stats.clusters_by_status || {});
  }

  function renderBars(byStatus) {
    const chart = $('status-chart');
    const entries = Object.entries(byStatus);
    const max = Math.max(1, ...entries.map(([, count]) => count));
    const row = 30;
    const labelWidth = 110;
    const countWidth = 60;
    const width = Math.max(260, chart.clientWidth || 400);
    const barWidth = width - labelWidth - countWidth;
    chart.replaceChildren();
    chart.setAttribute('height', String(Math.max(row, entries.length * row)));
    chart.setAttribute('viewBox', '0 0 ' + width + ' ' + Math.max(row, entries.length * row));
    entries.forEach(([status, count], index) => {
      const group = document.createElementNS(SVG, 'g');
      group.setAttribute('class', 'bar');
      group.dataset.status = status;
      group.dataset.count = String(count);
      group.setAttribute('transform', 'translate(0,' + index * row + ')');
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', '19');
      label.textContent = status;
      const track = document.createElementNS(SVG, 'rect');
      track.setAttribute('class', 'track');
      track.setAttribute('x', String(labelWidth));
      track.setAttribute('y', '6');
      track.setAttribute('rx', '4');
      track.setAttribute('width', String(barWidth));
      track.setAttribute('height', '18');
      const fill = document.createElementNS(SVG, 'rect');
      fill.setAttribute('class', 'fill');
      fill.setAttribute('x', String(labelWidth));
      fill.setAttribute('y', '6');
      fill.setAttribute('rx', '4');
      fill.setAttribute('width', String(Math.max(2, Math.round(barWidth * count / max))));
      fill.setAttribute('height', '18');
      const value = document.createElementNS(SVG, 'text');
      value.setAttribute('class', 'count');
      value.setAttribute('x', String(width - 4));
      value.setAttribute('y', '19');
      value.setAttribute('text-anchor', 'end');
      value.textContent = numbers.format(count);
      group.append(label, track, fill, value);
      chart.append(group);
    });
    show('status-empty', entries.length === 0);
  }

  async function refreshList(current) {
    if (current.listing) {
      current.relist = true;
      return;
    }
    current.listing = (async () => {
      do {
        current.relist = false;
        await listRecent(current);
      } while (current.relist && !current.stopped);
      current.listing = null;
    })();
  }

  async function listRecent(current) {
    const body = { sort: { field: 'updated_at', direction: 'desc' } };
    const search = $('filter').value.trim();
    if (search) {
      body.search = search;
    }
    try {
      const response = await fetch('/v1/clusters/list?limit=' + RECENT_LIMIT, { method: 'POST',
        headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body),
        signal: current.abort.signal });
      if (!response.ok) {
        throw new Error(await errorMessage(response));
      }
      renderList((await response.json()).results);
    } catch (error) {
      if (!current.stopped) {
        $('stream-error').textContent = 'Cannot list clusters: ' + error.message;
        show('stream-error', true);
      }
    }
  }

  function cell(text, className) {
    const td = document.createElement('td');
    if (className) {
      td.className = className;
    }
    td.textContent = text;
    return td;
  }

  function renderList(clusters) {
    const rows = clusters.map((cluster) => {
      const tr = document.createElement('tr');
      tr.dataset.clusterId = cluster.cluster_id;
      const name = cell(cluster.cluster_name || cluster.cluster_id);
      const id = document.createElement('span');
      id.className = 'id';
      id.textContent = cluster.cluster_id;
      name.append(id);
      const status = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = 'status ' + cluster.status;
      badge.textContent = cluster.status;
      status.append(badge);
      const documents = cluster.num_documents_clustered;
      tr.append(name, status, cell(documents == null ? '–' : numbers.format(documents), 'num'),
        cell(cluster.updated_at ? new Date(cluster.updated_at).toLocaleString() : '–'));
      return tr;
    });
    $('recent').replaceChildren(...rows);
    show('recent-empty', rows.length === 0);
  }

  async function refreshRates(current) {
    try {
      const response = await fetch('/health/ready', { cache: 'no-store', signal: current.abort.signal });
      const ready = await response.json();
      const now = performance.now();
      const previous = current.rates;
      current.rates = { at: now, applied: ready.events_applied, dead: ready.events_dead_lettered };
      if (previous) {
        const seconds = (now - previous.at) / 1000;
        $('events-rate').textContent = decimals.format(Math.max(0, ready.events_applied - previous.applied) / seconds);
        $('dead-letters-rate').textContent = decimals.format(
          Math.max(0, ready.events_dead_lettered - previous.dead) / seconds);
      }
    } catch (ignored) {
      // the rates are shown again at the next successful read
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      signIn($('api-key').value.trim(), $('namespace').value.trim());
    });
    $('sign-out').addEventListener('click', () => signOut());
    let typing = null;
    $('filter').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => session && refreshList(session), 250);
    });
    const key = sessionStorage.getItem(STORE_KEY);
    const namespace = sessionStorage.getItem(STORE_NAMESPACE);
    if (key && namespace) {
      start({ key, namespace });
    }
  });
})();
