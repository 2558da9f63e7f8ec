// The build-log UI: builds list, build page with live step statuses, log viewer. Everything live
// comes through one connection shared by all tabs (live.js, live-worker.js).
(function () {
  'use strict';
  const { createApp, reactive, ref, computed, nextTick, onMounted, shallowReactive, markRaw } = Vue;
  const API = '/api/v1';
  const RENDER_LIMIT = 5000;
  const PAGE = 1000;
  const FLUSH_MS = 50;
  const FINISHED = ['success', 'failure', 'cancelled', 'skipped'];

  function parseRoute() {
    const parts = location.pathname.replace(/^\/builds\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length >= 3) {
      const step = parts[3] === 'steps' && parts[4] ? Number(parts[4]) : null;
      return { page: 'build', org: parts[0], repo: parts[1], build: Number(parts[2]), step };
    }
    return { page: 'list' };
  }

  function lineFromHash() {
    return Number((location.hash.match(/^#L(\d+)$/) || [])[1]) || null;
  }

  async function fetchJson(url, options) {
    const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options));
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.message) || ('HTTP ' + response.status));
    return body;
  }

  function duration(fromIso, toIso, now) {
    if (!fromIso) return '';
    const ms = Math.max(0, (toIso ? Date.parse(toIso) : now) - Date.parse(fromIso));
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + String(s % 60).padStart(2, '0') + 's';
    return Math.floor(s / 3600) + 'h ' + String(Math.floor(s / 60) % 60).padStart(2, '0') + 'm';
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
      const now = ref(Date.now());
      const connection = ref('connecting');
      const selectedLine = ref(lineFromHash());
      // lines: rendered lines in number order, possibly with gaps; known: their numbers.
      const log = shallowReactive({
        watching: false, lines: [], lastN: 0, total: 0, end: null, follow: true, atBottom: true, loading: false,
      });
      let known = new Set();
      let pending = [];
      let flushTimer = null;
      let live = null;
      let shownPath = location.pathname; // the page shown; a popstate elsewhere reloads

      const path = computed(() => `${route.org}/${route.repo}/${route.build}`);
      const logPath = computed(() => (route.step ? `${path.value}/${route.step}` : null));
      const base = computed(() => `${API}/repos/${encodeURIComponent(route.org)}/${encodeURIComponent(route.repo)}/builds/${route.build}`);
      const rawUrl = computed(() => `${base.value}/steps/${route.step}/logs`);
      const state = computed(() => {
        if (log.end) return 'ended';
        if (!log.watching) return 'disconnected';
        return connection.value;
      });
      const stateLabel = computed(() => ({
        idle: 'finished', connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…',
        disconnected: 'disconnected', ended: 'finished',
      })[state.value] || state.value);
      const stateClass = computed(() => ({
        live: 'text-bg-success', connecting: 'text-bg-info', reconnecting: 'text-bg-warning', ended: 'text-bg-secondary',
      })[state.value] || 'text-bg-light');
      const currentStep = computed(() => (build.value && route.step ? build.value.steps.find((s) => s.number === route.step) : null));
      // Rendered rows: lines, and a "load" row wherever lines are missing (before the first one too).
      const rows = computed(() => {
        const out = [];
        let prev = 0;
        for (const line of log.lines) {
          if (line.n > prev + 1) out.push({ gap: true, from: prev + 1, to: line.n - 1, key: 'gap' + prev });
          out.push(line);
          prev = line.n;
        }
        return out;
      });

      function when(iso) { return iso ? new Date(iso).toLocaleString() : ''; }
      function whenTitle(iso) { return iso ? new Date(iso).toString() : ''; }
      function took(item) { return duration(item.startedAt, item.finishedAt, now.value); }
      function stepUrl(n) { return `/builds/${route.org}/${route.repo}/${route.build}/steps/${n}`; }

      function watch() {
        if (!live) return;
        if (route.page === 'list') live.watch({ builds: true });
        else live.watch({ build: path.value, log: log.watching ? logPath.value : null, after: log.lastN });
      }

      function onLive(message) {
        if (message.type === 'status') connection.value = message.status;
        else if (message.type === 'builds') builds.value = message.data.builds;
        else if (message.type === 'build') onBuild(message.data);
        else if (message.type === 'lines' && message.log === logPath.value && log.watching) message.lines.forEach(receive);
        else if (message.type === 'end' && message.log === logPath.value && log.watching) onEnd(message.data);
      }

      function onBuild(data) {
        if (route.page !== 'build' || data.org !== route.org || data.repo !== route.repo || data.number !== route.build) return;
        build.value = data;
        if (!route.step && data.steps.length) {
          // Open the step that matters: the running one, else the first that failed, else the last.
          const step = data.steps.find((s) => s.status === 'running')
            || data.steps.find((s) => s.status === 'failure')
            || [...data.steps].reverse().find((s) => s.status !== 'pending' && s.status !== 'skipped')
            || data.steps[0];
          history.replaceState(null, '', stepUrl(step.number) + location.hash);
          shownPath = location.pathname;
          route.step = step.number;
          startLog();
        }
      }

      function onScroll() {
        const box = logBox.value;
        if (box) log.atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
      }

      function scrollToBottom() {
        nextTick(() => { const box = logBox.value; if (box) box.scrollTop = box.scrollHeight; log.atBottom = true; });
      }

      function insert(lines) {
        const rendered = [];
        let ordered = true;
        for (const l of lines) {
          if (known.has(l.n)) continue;
          known.add(l.n);
          if (rendered.length && l.n < rendered[rendered.length - 1].n) ordered = false;
          rendered.push(markRaw({ n: l.n, text: l.text, segs: Ansi.parse(l.text) }));
        }
        if (rendered.length === 0) return false;
        let merged;
        if (ordered && (log.lines.length === 0 || rendered[0].n > log.lines[log.lines.length - 1].n)) merged = log.lines.concat(rendered);
        else merged = log.lines.concat(rendered).sort((a, b) => a.n - b.n);
        log.lines = merged;
        return true;
      }

      function flush() {
        flushTimer = null;
        if (pending.length === 0) return;
        const stick = log.follow && log.atBottom;
        const batch = pending;
        pending = [];
        // A line after a gap (lines missed while this tab did not watch): fetch what is missing.
        const first = batch[0].n;
        const lastShown = log.lines.length ? log.lines[log.lines.length - 1].n : 0;
        if (lastShown > 0 && first > lastShown + 1) loadRange(lastShown, first - 1 - lastShown);
        insert(batch);
        if (stick && log.lines.length > RENDER_LIMIT) {
          const dropped = log.lines.slice(0, log.lines.length - RENDER_LIMIT);
          dropped.forEach((l) => known.delete(l.n));
          log.lines = log.lines.slice(log.lines.length - RENDER_LIMIT);
        }
        if (stick) scrollToBottom();
      }

      function receive(line) {
        if (line.n > log.lastN) log.lastN = line.n;
        if (line.n > log.total) log.total = line.n;
        pending.push(line);
        if (!flushTimer) flushTimer = setTimeout(flush, FLUSH_MS);
      }

      function onEnd(end) {
        flush();
        log.end = end;
        log.total = Math.max(log.total, end.lines);
        if (log.follow && log.atBottom && !selectedLine.value) scrollToBottom();
      }

      // Lines after `after`, at most `limit`, from the stored log (no stream involved).
      async function loadRange(after, limit) {
        if (limit <= 0) return;
        log.loading = true;
        try {
          const page = await fetchJson(`${rawUrl.value}?from=${after}&limit=${Math.min(limit, 5000)}`);
          insert(page.lines.map((l) => ({ n: l.number, text: l.text })));
        } catch (e) {
          error.value = 'Could not load lines: ' + e.message;
        } finally {
          log.loading = false;
        }
      }

      // "Load earlier lines": the page of lines just before the lines below the gap.
      function loadGap(gap) {
        const from = Math.max(gap.from - 1, gap.to - PAGE);
        return loadRange(from, gap.to - from);
      }

      async function showLine(n) {
        selectedLine.value = n;
        if (!n || !route.step) return;
        log.follow = false;
        if (!known.has(n)) await loadRange(Math.max(0, n - 101), 201);
        nextTick(() => {
          const target = document.getElementById('L' + n);
          const box = logBox.value;
          if (target && box) box.scrollTop = target.offsetTop - box.clientHeight / 3;
        });
      }

      function startLog() {
        Object.assign(log, { watching: true, lines: [], lastN: 0, total: currentStep.value ? currentStep.value.lines : 0, end: null, atBottom: true, follow: !selectedLine.value });
        known = new Set();
        pending = [];
        watch();
        if (selectedLine.value) showLine(selectedLine.value);
      }

      function connect() {
        log.watching = true;
        watch();
      }

      function disconnect() {
        flush();
        log.watching = false;
        watch();
      }

      function openStep(n) {
        history.pushState(null, '', stepUrl(n));
        shownPath = location.pathname;
        route.step = n;
        selectedLine.value = null;
        startLog();
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
          location.href = answer.url;
        } catch (e) { error.value = e.message; }
      }

      onMounted(() => {
        refreshSession();
        live = Live.connect(onLive);
        if (route.page === 'build') {
          fetchJson(base.value).then((b) => { if (!build.value) onBuild(b); }).catch((e) => { error.value = e.message; });
          if (route.step) startLog();
        }
        watch();
        setInterval(() => { now.value = Date.now(); }, 1000);
      });

      window.addEventListener('hashchange', () => showLine(lineFromHash()));
      // Back and forward between pages reload; a fragment change (a line link) is the hashchange's.
      window.addEventListener('popstate', () => { if (location.pathname !== shownPath) location.reload(); });

      return {
        route, session, tokenInput, error, builds, build, log, rows, logBox, rawUrl, stateLabel, stateClass, selectedLine,
        currentStep, renderLimit: RENDER_LIMIT, when, whenTitle, took, stepUrl, onScroll, connect, disconnect, openStep,
        loadGap, signIn, signOut, startDemo, finished: (s) => FINISHED.includes(s),
      };
    },
  }).mount('#app');
})();
