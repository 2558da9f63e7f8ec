// Shared by every tab of the app in one browser: ONE EventSource carries what all tabs show, so
// any number of tabs stay within HTTP/1.1's six connections per host. Each tab tells the worker
// which feed or post it shows; the worker streams the union and forwards each event to the tabs
// that want it, replaying the latest snapshot to a tab that starts watching a key.
'use strict';
const ports = new Map(); // MessagePort -> { feed, post }
const latest = new Map(); // key -> { name, data }
let source = null;
let sourceUrl = null;
let status = 'connecting';
let timer = null;

self.onconnect = (event) => {
  const port = event.ports[0];
  ports.set(port, { feed: null, post: null });
  port.onmessage = ({ data }) => {
    if (data.type === 'watch') {
      ports.set(port, { feed: data.feed || null, post: data.post || null });
      replayTo(port);
    } else if (data.type === 'bye') {
      ports.delete(port);
    }
    schedule();
  };
  port.start();
  port.postMessage({ type: 'status', status });
};

function keysOf(watch) {
  const keys = ['feeds'];
  if (watch.feed) keys.push('feed:' + watch.feed);
  if (watch.post) keys.push('post:' + watch.post);
  return keys;
}

function replayTo(port) {
  for (const key of keysOf(ports.get(port))) {
    const event = latest.get(key);
    if (event) port.postMessage({ type: 'event', name: event.name, data: event.data });
  }
}

function url() {
  const feeds = new Set();
  const posts = new Set();
  for (const watch of ports.values()) {
    if (watch.feed) feeds.add(watch.feed);
    if (watch.post) posts.add(watch.post);
  }
  const params = new URLSearchParams();
  [...feeds].sort().forEach((feed) => params.append('feed', feed));
  [...posts].sort().forEach((post) => params.append('post', post));
  const query = params.toString();
  return '/api/live' + (query ? '?' + query : '');
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(reconnect, 25);
}

function reconnect() {
  const next = ports.size ? url() : null;
  if (next === sourceUrl && source && source.readyState !== EventSource.CLOSED) return;
  if (source) source.close();
  source = null;
  sourceUrl = next;
  if (!next) return;
  const wanted = new Set([...ports.values()].flatMap(keysOf));
  for (const key of [...latest.keys()]) if (!wanted.has(key)) latest.delete(key);
  const current = new EventSource(next);
  source = current;
  current.onopen = () => setStatus('live');
  current.onerror = () => {
    setStatus('reconnecting');
    if (current.readyState === EventSource.CLOSED && source === current) {
      sourceUrl = null;
      setTimeout(() => { if (source === current) reconnect(); }, 2000);
    }
  };
  for (const name of ['feeds', 'feed', 'post']) {
    current.addEventListener(name, (e) => forward(name, e.data));
  }
}

function forward(name, data) {
  const parsed = JSON.parse(data);
  const key = name === 'feeds' ? 'feeds' : name + ':' + (name === 'feed' ? parsed.name : parsed.id);
  latest.set(key, { name, data });
  for (const [port, watch] of ports) {
    if (keysOf(watch).includes(key)) port.postMessage({ type: 'event', name, data });
  }
}

function setStatus(next) {
  status = next;
  for (const port of ports.keys()) port.postMessage({ type: 'status', status });
}
