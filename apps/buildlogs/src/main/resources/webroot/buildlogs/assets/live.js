// The page's side of the live connection: a port to the shared worker (one EventSource for every
// tab of the app), or to a worker of this page alone where SharedWorker is missing.
(function (global) {
  'use strict';
  const SCRIPT = '/builds/assets/live-worker.js';

  // Connects; `onMessage` gets {type: 'status'|'builds'|'build'|'lines'|'end', …}.
  function connect(onMessage) {
    let port;
    if (global.SharedWorker) {
      port = new SharedWorker(SCRIPT, { name: 'millrace-buildlogs-live' }).port;
      port.start();
    } else {
      port = new Worker(SCRIPT);
    }
    port.onmessage = ({ data }) => onMessage(data);
    global.addEventListener('pagehide', () => port.postMessage({ type: 'bye' }));
    return {
      // What this tab shows: {builds: bool, build: 'org/repo/N', log: 'org/repo/N/S', after: line}.
      watch(what) { port.postMessage(Object.assign({ type: 'watch' }, what)); },
    };
  }

  global.Live = { connect };
})(window);
