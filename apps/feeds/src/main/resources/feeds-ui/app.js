// Millrace Feeds: one page, hash routes, one EventSource per tab for every live part.
(function () {
  'use strict';
  const ALL_POSTS = 'all-posts';
  const TAG = /#([\p{L}\p{N}]{1,100})(?![\p{L}\p{N}])/gu;

  function parseRoute() {
    const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
    let m = hash.match(/^\/feed\/(.+)$/);
    if (m) return { name: 'feed', param: m[1] };
    m = hash.match(/^\/edit-post\/(.+)$/);
    if (m) return { name: 'edit', param: m[1] };
    return { name: 'home', param: null };
  }

  // Splits content into text and #tag parts; rendered as text nodes, so no HTML is ever injected.
  function segments(content) {
    const parts = [];
    let last = 0;
    for (const m of content.matchAll(TAG)) {
      if (m.index > last) parts.push({ text: content.slice(last, m.index) });
      parts.push({ text: m[0], tag: m[1].toLowerCase() });
      last = m.index + m[0].length;
    }
    if (last < content.length) parts.push({ text: content.slice(last) });
    return parts;
  }

  async function send(method, url, body) {
    const res = await fetch(url, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) {
      let message = res.status + ' ' + res.statusText;
      let answer = null;
      try { answer = await res.json(); message = answer.message || answer.error || message; } catch (e) { /* not JSON */ }
      const error = new Error(message);
      error.status = res.status;
      error.body = answer;
      throw error;
    }
    return res.status === 204 ? null : res.json();
  }

  Vue.createApp({
    data() {
      return {
        route: parseRoute(),
        connection: 'connecting',
        feeds: [],
        feedPosts: [],
        olderPosts: [],
        feedOlder: null,
        showForm: false,
        draft: { title: '', author: '', content: '' },
        edit: { id: null, loaded: false, dirty: false, version: 0, title: '', content: '', latest: null, changedElsewhere: false, conflict: null },
        busy: false,
        error: null,
      };
    },
    computed: {
      connectionLabel() {
        return { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' }[this.connection];
      },
      connectionBadge() {
        return this.connection === 'live' ? 'text-bg-success' : 'text-bg-warning';
      },
    },
    created() {
      window.addEventListener('hashchange', () => this.onRoute());
      this.onRoute();
    },
    methods: {
      segments,
      feedLabel(name) {
        return name === ALL_POSTS ? 'All posts' : '#' + name;
      },
      onRoute() {
        this.route = parseRoute();
        this.error = null;
        this.feedPosts = [];
        this.olderPosts = [];
        this.feedOlder = null;
        this.edit = { id: this.route.name === 'edit' ? this.route.param : null, loaded: false, dirty: false,
          version: 0, title: '', content: '', latest: null, changedElsewhere: false, conflict: null };
        this.connect();
      },
      // Live updates for the feed list plus the current feed or post: through the shared worker
      // (one connection for all tabs), or one EventSource of this tab where workers are missing.
      connect() {
        const watch = {
          type: 'watch',
          feed: this.route.name === 'feed' ? this.route.param : null,
          post: this.route.name === 'edit' ? this.route.param : null,
        };
        if (window.SharedWorker) {
          if (!this.port) {
            const worker = new SharedWorker('/feeds-ui/live-worker.js', { name: 'millrace-feeds-live' });
            this.port = worker.port;
            this.port.onmessage = ({ data }) => {
              if (data.type === 'status') this.connection = data.status;
              else this.onEvent(data.name, data.data);
            };
            this.port.start();
            window.addEventListener('pagehide', () => this.port.postMessage({ type: 'bye' }));
          }
          this.port.postMessage(watch);
          return;
        }
        if (this.source) this.source.close();
        const params = new URLSearchParams();
        if (watch.feed) params.set('feed', watch.feed);
        if (watch.post) params.set('post', watch.post);
        const source = new EventSource('/api/live' + (params.size ? '?' + params : ''));
        this.source = source;
        source.onopen = () => { this.connection = 'live'; };
        source.onerror = () => {
          this.connection = 'reconnecting';
          if (source.readyState === EventSource.CLOSED && this.source === source) {
            setTimeout(() => { if (this.source === source) this.connect(); }, 2000);
          }
        };
        for (const name of ['feeds', 'feed', 'post']) {
          source.addEventListener(name, (e) => this.onEvent(name, e.data));
        }
      },
      onEvent(name, data) {
        const value = JSON.parse(data);
        if (name === 'feeds') {
          this.feeds = value.feeds;
        } else if (name === 'feed') {
          if (this.route.name !== 'feed' || value.name !== this.route.param) return;
          const fresh = new Set(value.posts.map((p) => p.id));
          this.feedPosts = value.posts.concat(this.olderPosts.filter((p) => !fresh.has(p.id)));
          if (this.olderPosts.length === 0) this.feedOlder = value.older;
        } else if (name === 'post') {
          this.onPost(value);
        }
      },
      onPost(post) {
        if (this.route.name !== 'edit' || post.id !== this.edit.id) return;
        if (post.missing) {
          this.error = 'This post does not exist (yet).';
          return;
        }
        if (!this.edit.loaded) this.error = null;
        this.edit.latest = post;
        if (!this.edit.loaded || !this.edit.dirty) {
          this.loadLatest();
        } else if (post.version > this.edit.version) {
          this.edit.changedElsewhere = true;
        }
      },
      loadLatest() {
        const post = this.edit.latest;
        Object.assign(this.edit, { loaded: true, dirty: false, changedElsewhere: false, conflict: null,
          version: post.version, title: post.title, content: post.content });
      },
      // After a 409: the post as it is now, replacing what was typed.
      async reloadAfterConflict() {
        const wanted = this.edit.conflict.currentVersion;
        let post = this.edit.latest;
        if (!post || post.version < wanted) {
          post = await this.run(() => fetch('/api/posts/' + encodeURIComponent(this.edit.id),
            { headers: { Accept: 'application/json' } }).then((r) => r.json()));
        }
        if (post && post.id) {
          this.edit.latest = post;
          this.loadLatest();
        }
      },
      // After a 409: send what was typed again, based on the version that is stored now.
      overwrite() {
        this.edit.version = this.edit.conflict.currentVersion;
        this.edit.conflict = null;
        return this.updatePost();
      },
      async loadOlder() {
        const url = '/api/feeds/' + encodeURIComponent(this.route.param) + '?before=' + encodeURIComponent(this.feedOlder);
        const page = await this.run(() => fetch(url, { headers: { Accept: 'application/json' } }).then((r) => r.json()));
        if (!page || !page.posts) return;
        this.olderPosts = this.olderPosts.concat(page.posts);
        this.feedPosts = this.feedPosts.concat(page.posts);
        this.feedOlder = page.older;
      },
      async addPost() {
        const ok = await this.run(() => send('POST', '/api/posts', this.draft));
        if (ok !== undefined) this.draft = { title: '', author: this.draft.author, content: '' };
      },
      addRandom() {
        return this.run(() => send('POST', '/api/generate/post'));
      },
      cancelEdit() {
        if (history.length > 1) history.back();
        else location.hash = '#/';
      },
      // The edit names the version it was based on: a stale one gets 409, and the form offers a
      // choice instead of silently overwriting someone else's change.
      async updatePost() {
        this.busy = true;
        this.error = null;
        try {
          await send('PATCH', '/api/posts/' + encodeURIComponent(this.edit.id),
            { title: this.edit.title, content: this.edit.content, version: this.edit.version });
          this.cancelEdit();
        } catch (e) {
          if (e.status === 409 && e.body) {
            this.edit.changedElsewhere = false;
            this.edit.conflict = { message: e.body.message, currentVersion: e.body.currentVersion };
          } else {
            this.error = e.message;
          }
        } finally {
          this.busy = false;
        }
      },
      async run(action) {
        this.busy = true;
        this.error = null;
        try {
          return await action();
        } catch (e) {
          this.error = e.message;
          return undefined;
        } finally {
          this.busy = false;
        }
      },
    },
  }).mount('#app');
})();
