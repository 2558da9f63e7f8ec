// The build-log UI: builds list, build page with live step statuses, log viewer.
(function () {
  'use strict';
  const { createApp, reactive, ref, computed, nextTick, onMounted, shallowReactive, markRaw } = Vue;
  const API = '/api/v1';
  const RENDER_LIMIT = 5000;
  const FLUSH_MS = 50;

  function parseRoute() {
    const parts = location.pathname.replace(/^\/builds\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length >= 3) {
      const step = parts[3] === 'steps' && parts[4] ? Number(parts[4]) : null;
      return { page: 'build', org: parts[0], repo: parts[1], build: Number(parts[2]), step };
    }
    return { page: 'list' };
  }

  async function fetchJson(url, options) {
    const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options));
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.message) || ('HTTP ' + response.status));
    return body;
  }

  createApp({
    setup() {
      const route = reactive(parseRoute());
      const session = reactive({ signedIn: false });
      const tokenInput = ref('');
      const error = ref('');
      const builds = ref([]);
      const build = ref(null);
      const logBox = ref(null);
      const selectedLine = ref(Number((location.hash.match(/^#L(\d+)$/) || [])[1]) || null);
      const log = shallowReactive({
        source: null, state: 'idle', lines: [], hidden: 0, lastN: 0, end: null, follow: true, atBottom: true,
      });
      let pending = [];
      let flushTimer = null;
      let buildSource = null;
      let listSource = null;

      const base = computed(() => `${API}/repos/${encodeURIComponent(route.org)}/${encodeURIComponent(route.repo)}/builds/${route.build}`);
      const rawUrl = computed(() => `${base.value}/steps/${route.step}/logs`);
      const stateLabel = computed(() => ({
        idle: 'not connected', connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…',
        disconnected: 'disconnected', ended: 'finished', failed: 'unavailable',
      })[log.state] || log.state);
      const stateClass = computed(() => ({
        live: 'text-bg-success', connecting: 'text-bg-info', reconnecting: 'text-bg-warning', ended: 'text-bg-secondary',
        failed: 'text-bg-danger',
      })[log.state] || 'text-bg-light');

      function when(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }
      function stepUrl(n) { return `/builds/${route.org}/${route.repo}/${route.build}/steps/${n}`; }

      // Builds list: live over SSE (snapshots of the newest builds).
      function watchList() {
        listSource = new EventSource(`${API}/builds/events`);
        listSource.addEventListener('builds', (e) => { builds.value = JSON.parse(e.data).builds; });
      }

      // Build page: live step statuses; the stream ends with the finished build's last snapshot.
      function watchBuild() {
        if (buildSource) buildSource.close();
        buildSource = new EventSource(`${base.value}/events`);
        buildSource.addEventListener('build', (e) => { build.value = JSON.parse(e.data); });
        buildSource.onerror = () => {
          if (buildSource.readyState === EventSource.CLOSED) {
            fetchJson(base.value).then((b) => { build.value = b; }).catch((e) => { error.value = e.message; });
          }
        };
      }

      function onScroll() {
        const box = logBox.value;
        if (box) log.atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
      }

      function flush() {
        flushTimer = null;
        if (pending.length === 0) return;
        const stick = log.follow && log.atBottom;
        let lines = log.lines.concat(pending);
        pending = [];
        if (lines.length > RENDER_LIMIT) {
          log.hidden += lines.length - RENDER_LIMIT;
          lines = lines.slice(lines.length - RENDER_LIMIT);
        }
        log.lines = lines;
        if (stick) nextTick(() => { const box = logBox.value; if (box) box.scrollTop = box.scrollHeight; log.atBottom = true; });
      }

      function receive(line) {
        if (line.n <= log.lastN) return; // a fresh connect replays from the start: skip what we have
        log.lastN = line.n;
        pending.push(markRaw({ n: line.n, segs: Ansi.parse(line.text) }));
        if (!flushTimer) flushTimer = setTimeout(flush, FLUSH_MS);
      }

      function connect() {
        if (log.source) log.source.close();
        log.state = 'connecting';
        // Resume after the last line shown; EventSource's own reconnects send Last-Event-ID.
        const url = new URL(rawUrl.value + '/events', location.href);
        if (log.lastN > 0) url.searchParams.set('lastEventId', String(log.lastN));
        const source = new EventSource(url);
        log.source = source;
        source.onopen = () => { log.state = 'live'; };
        source.onmessage = (e) => receive(JSON.parse(e.data));
        source.addEventListener('end', (e) => {
          flush();
          log.end = JSON.parse(e.data);
          source.close();
          log.source = null;
          log.state = 'ended';
          if (log.follow && log.atBottom) nextTick(() => { const box = logBox.value; if (box) box.scrollTop = box.scrollHeight; });
        });
        source.onerror = () => {
          if (source.readyState === EventSource.CLOSED) {
            // 204 (already complete) or an HTTP error: EventSource gives up
            log.source = null;
            fetchJson(`${rawUrl.value}?from=${log.lastN}&limit=1`).then((page) => {
              if (page.complete) { log.state = 'ended'; if (!log.end) log.end = { status: page.status, lines: log.lastN }; }
              else log.state = 'failed';
            }).catch((err) => { log.state = 'failed'; error.value = err.message; });
          } else {
            log.state = 'reconnecting';
          }
        };
      }

      function disconnect() {
        if (log.source) log.source.close();
        log.source = null;
        flush();
        log.state = 'disconnected';
      }

      function resetLog() {
        disconnect();
        Object.assign(log, { state: 'idle', lines: [], hidden: 0, lastN: 0, end: null, atBottom: true });
        pending = [];
      }

      function openStep(n) {
        history.pushState(null, '', stepUrl(n));
        route.step = n;
        resetLog();
        connect();
      }

      async function refreshSession() {
        try { session.signedIn = (await fetchJson(`${API}/viewer-session`)).signedIn; } catch (e) { /* ignore */ }
      }

      async function signIn() {
        try {
          await fetchJson(`${API}/viewer-session`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: tokenInput.value }),
          });
          tokenInput.value = '';
          location.reload();
        } catch (e) { error.value = 'Sign-in failed: ' + e.message; }
      }

      async function signOut() {
        await fetchJson(`${API}/viewer-session`, { method: 'DELETE' });
        location.reload();
      }

      async function startDemo() {
        try {
          const answer = await fetchJson('/api/demo/builds', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
          location.href = answer.url + '/steps/1';
        } catch (e) { error.value = e.message; }
      }

      onMounted(() => {
        refreshSession();
        if (route.page === 'list') {
          watchList();
        } else {
          watchBuild();
          if (route.step) connect();
        }
      });

      window.addEventListener('popstate', () => { location.reload(); });

      return {
        route, session, tokenInput, error, builds, build, log, logBox, rawUrl, stateLabel, stateClass, selectedLine,
        renderLimit: RENDER_LIMIT, when, stepUrl, onScroll, connect, disconnect, openStep, signIn, signOut, startDemo,
      };
    },
  }).mount('#app');
})();
