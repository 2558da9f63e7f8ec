// Shared by every build-log tab of one browser: ONE EventSource on /api/v1/live carries what all
// tabs show (the builds list, builds, step logs), so any number of tabs stay within HTTP/1.1's six
// connections per host. Each tab says what it shows; the worker streams the union and forwards
// each event to the tabs that want it.
//
// Resuming: the worker knows the last line it has of each log. After any failure (a dropped
// connection, a non-200 answer, which makes EventSource give up for good) it closes the
// EventSource itself and opens a new one after a growing, jittered delay, naming each log's last
// line in `lastEventId`, so no line is lost or repeated. It also runs as a dedicated worker, for
// browsers without SharedWorker.
'use strict';
const BUFFER_LINES = 5000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15000;
const FLUSH_MS = 30;

const ports = new Map(); // port -> { builds, build, log, after }
const logs = new Map(); // path -> { last, lines: [{n, text}], end }
const builds = new Map(); // path -> { data, ended }
let list = null; // data of the last `builds` event
let source = null;
let sourceUrl = null;
let status = 'idle';
let attempt = 0;
let retryTimer = null;
let scheduleTimer = null;
const outgoing = new Map(); // path -> lines not yet sent to the tabs
let flushTimer = null;

function addPort(port) {
  ports.set(port, { builds: false, build: null, log: null, after: 0 });
  port.onmessage = ({ data }) => {
    if (data.type === 'watch') {
      ports.set(port, { builds: !!data.builds, build: data.build || null, log: data.log || null });
      if (data.log && !logs.has(data.log)) {
        logs.set(data.log, { last: Math.max(0, data.after || 0), fresh: !data.after, lines: [], end: null });
      }
      replayTo(port);
    } else if (data.type === 'bye') {
      ports.delete(port);
    }
    forget();
    schedule();
  };
  if (port.start) port.start();
  port.postMessage({ type: 'status', status });
}

if (typeof SharedWorkerGlobalScope !== 'undefined' && self instanceof SharedWorkerGlobalScope) {
  self.onconnect = (event) => addPort(event.ports[0]);
} else {
  addPort(self);
}

function replayTo(port) {
  const watch = ports.get(port);
  if (watch.builds && list) port.postMessage({ type: 'builds', data: list });
  if (watch.build && builds.has(watch.build)) port.postMessage({ type: 'build', data: builds.get(watch.build).data });
  if (watch.log) {
    const log = logs.get(watch.log);
    if (log.lines.length) port.postMessage({ type: 'lines', log: watch.log, lines: log.lines });
    if (log.end) port.postMessage({ type: 'end', log: watch.log, data: log.end });
  }
}

// Drops what no tab shows any more.
function forget() {
  const wantedLogs = new Set();
  const wantedBuilds = new Set();
  let wantList = false;
  for (const watch of ports.values()) {
    if (watch.log) wantedLogs.add(watch.log);
    if (watch.build) wantedBuilds.add(watch.build);
    wantList = wantList || watch.builds;
  }
  for (const path of [...logs.keys()]) if (!wantedLogs.has(path)) logs.delete(path);
  for (const path of [...builds.keys()]) if (!wantedBuilds.has(path)) builds.delete(path);
  if (!wantList) list = null;
}

// The parts still to stream, in a stable order; null when there is nothing to stream.
function wanted() {
  const params = new URLSearchParams();
  let any = false;
  for (const watch of ports.values()) if (watch.builds) { any = true; break; }
  if (any) params.set('builds', '1');
  const buildPaths = new Set();
  for (const watch of ports.values()) {
    if (watch.build && !(builds.get(watch.build) || {}).ended) buildPaths.add(watch.build);
  }
  [...buildPaths].sort().forEach((path) => params.append('build', path));
  const logPaths = [...logs.entries()].filter(([, log]) => !log.end).map(([path]) => path).sort();
  logPaths.forEach((path) => params.append('log', path));
  const query = params.toString();
  return query ? '/api/v1/live?' + query : null;
}

function cursors() {
  const parts = [];
  for (const [path, log] of logs) if (!log.end && !log.fresh) parts.push(path + ':' + log.last);
  return parts.join(',');
}

function schedule() {
  clearTimeout(scheduleTimer);
  scheduleTimer = setTimeout(() => connect(false), 25);
}

function connect(retrying) {
  const next = wanted();
  if (!retrying && next === sourceUrl && source) return;
  if (retrying) retryTimer = null;
  else if (retryTimer) return; // a retry is already scheduled: it will use the new parts
  close();
  sourceUrl = next;
  if (!next) { setStatus('idle'); return; }
  const cursor = cursors();
  const current = new EventSource(next + (cursor ? '&lastEventId=' + encodeURIComponent(cursor) : ''));
  source = current;
  if (status !== 'reconnecting') setStatus('connecting');
  current.onopen = () => { attempt = 0; setStatus('live'); };
  current.onerror = () => {
    if (source !== current) return;
    close();
    // Everything ended: the server closed the stream, and there is nothing left to ask for.
    if (!wanted()) { sourceUrl = null; setStatus('idle'); return; }
    setStatus('reconnecting');
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt) * (0.75 + Math.random() / 2);
    attempt = Math.min(attempt + 1, 10);
    retryTimer = setTimeout(() => connect(true), delay);
  };
  current.addEventListener('builds', (e) => {
    list = JSON.parse(e.data);
    send((watch) => watch.builds, { type: 'builds', data: list });
  });
  current.addEventListener('build', (e) => {
    const data = JSON.parse(e.data);
    const path = data.org + '/' + data.repo + '/' + data.number;
    const finished = ['success', 'failure', 'cancelled'].includes(data.status);
    builds.set(path, { data, ended: finished });
    send((watch) => watch.build === path, { type: 'build', data });
  });
  current.addEventListener('line', (e) => {
    const line = JSON.parse(e.data);
    const log = logs.get(line.log);
    if (!log || line.n <= log.last) return;
    log.last = line.n;
    log.fresh = false;
    log.lines.push({ n: line.n, text: line.text });
    if (log.lines.length > BUFFER_LINES) log.lines.splice(0, log.lines.length - BUFFER_LINES);
    if (!outgoing.has(line.log)) outgoing.set(line.log, []);
    outgoing.get(line.log).push({ n: line.n, text: line.text });
    if (!flushTimer) flushTimer = setTimeout(flush, FLUSH_MS);
  });
  current.addEventListener('end', (e) => {
    const end = JSON.parse(e.data);
    const log = logs.get(end.log);
    if (!log) return;
    log.end = end;
    flush();
    send((watch) => watch.log === end.log, { type: 'end', log: end.log, data: end });
  });
}

// Lines go to the tabs in batches, one message per log every FLUSH_MS at most.
function flush() {
  clearTimeout(flushTimer);
  flushTimer = null;
  for (const [path, lines] of outgoing) send((watch) => watch.log === path, { type: 'lines', log: path, lines });
  outgoing.clear();
}

function close() {
  if (source) {
    source.onerror = null;
    source.close();
  }
  source = null;
}

function send(wants, message) {
  for (const [port, watch] of ports) if (wants(watch)) port.postMessage(message);
}

function setStatus(next) {
  status = next;
  for (const port of ports.keys()) port.postMessage({ type: 'status', status });
}
