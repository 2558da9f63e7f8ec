// Turns a log line with ANSI escape codes into segments {t: text, c: css classes, s: style}.
// SGR codes are rendered: the 16 colours and their bright forms as classes, 256-colour and
// true-colour as an inline colour; bold, faint, italic, underline, inverse, strike-through,
// overline. Every other sequence is dropped: CSI (cursor moves, erase), OSC (titles, hyperlinks,
// ended by BEL or ST), DCS/APC/PM strings, charset selections, and stray control characters. A
// carriage return overwrites the line, as in a terminal. The text is never parsed as HTML: the
// page renders segments as text nodes.
(function (global) {
  'use strict';

  // CSI … final byte | OSC/DCS/SOS/PM/APC … BEL or ST | ESC + intermediates + final | lone ESC
  const ESCAPE = /\u001b\[([0-?]*)[ -/]*([@-~])|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -/]*[0-~]|\u001b|\u009b[0-?]*[ -/]*[@-~]/g;
  // Control characters other than tab (kept) and escape (handled above).
  const CONTROLS = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g;
  const CUBE = [0, 95, 135, 175, 215, 255];

  function afterCarriageReturn(line) {
    const trimmed = line.replace(/\r+$/, '');
    const i = trimmed.lastIndexOf('\r');
    return i < 0 ? trimmed : trimmed.slice(i + 1);
  }

  function fresh() {
    return { fg: null, bg: null, bold: false, faint: false, italic: false, underline: false,
      inverse: false, strike: false, overline: false, hidden: false };
  }

  // A colour: a number 0–15 (a palette class) or an 'rgb(…)' string.
  function color256(n) {
    if (n < 16) return n;
    if (n < 232) {
      const i = n - 16;
      return 'rgb(' + CUBE[Math.floor(i / 36)] + ',' + CUBE[Math.floor(i / 6) % 6] + ',' + CUBE[i % 6] + ')';
    }
    const grey = 8 + (n - 232) * 10;
    return 'rgb(' + grey + ',' + grey + ',' + grey + ')';
  }

  function styleOf(state) {
    const fg = state.inverse ? (state.bg === null ? 'bg' : state.bg) : state.fg;
    const bg = state.inverse ? (state.fg === null ? 'fg' : state.fg) : state.bg;
    const c = [];
    const s = {};
    if (typeof fg === 'number') c.push('ansi-fg-' + fg);
    else if (fg === 'bg') c.push('ansi-fg-inverse');
    else if (fg) s.color = fg;
    if (typeof bg === 'number') c.push('ansi-bg-' + bg);
    else if (bg === 'fg') c.push('ansi-bg-inverse');
    else if (bg) s.backgroundColor = bg;
    if (state.bold) c.push('ansi-bold');
    if (state.faint) c.push('ansi-faint');
    if (state.italic) c.push('ansi-italic');
    if (state.underline) c.push('ansi-underline');
    if (state.strike) c.push('ansi-strike');
    if (state.overline) c.push('ansi-overline');
    if (state.hidden) c.push('ansi-hidden');
    return { c: c.join(' '), s: Object.keys(s).length ? s : null };
  }

  // Extended colour after 38/48/58: returns [colour or undefined, parameters used].
  function extended(codes, i) {
    if (codes[i + 1] === 5 && codes[i + 2] !== undefined) {
      const n = codes[i + 2];
      return [n >= 0 && n <= 255 ? color256(n) : undefined, 2];
    }
    if (codes[i + 1] === 2 && codes[i + 4] !== undefined) {
      const rgb = codes.slice(i + 2, i + 5).map((v) => Math.max(0, Math.min(255, v)));
      return ['rgb(' + rgb.join(',') + ')', 4];
    }
    return [undefined, codes.length];
  }

  function applySgr(state, params) {
    // Colons (38:2::r:g:b) are read as semicolons; an empty parameter is 0.
    const codes = params === '' ? [0] : params.replace(/::/g, ':').split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code === 0) Object.assign(state, fresh());
      else if (code === 1) state.bold = true;
      else if (code === 2) state.faint = true;
      else if (code === 3) state.italic = true;
      else if (code === 4 || code === 21) state.underline = true;
      else if (code === 7) state.inverse = true;
      else if (code === 8) state.hidden = true;
      else if (code === 9) state.strike = true;
      else if (code === 22) { state.bold = false; state.faint = false; }
      else if (code === 23) state.italic = false;
      else if (code === 24) state.underline = false;
      else if (code === 27) state.inverse = false;
      else if (code === 28) state.hidden = false;
      else if (code === 29) state.strike = false;
      else if (code === 53) state.overline = true;
      else if (code === 55) state.overline = false;
      else if (code >= 30 && code <= 37) state.fg = code - 30;
      else if (code === 39) state.fg = null;
      else if (code >= 40 && code <= 47) state.bg = code - 40;
      else if (code === 49) state.bg = null;
      else if (code >= 90 && code <= 97) state.fg = code - 90 + 8;
      else if (code >= 100 && code <= 107) state.bg = code - 100 + 8;
      else if (code === 38 || code === 48 || code === 58) {
        const [colour, used] = extended(codes, i);
        if (colour !== undefined && code !== 58) state[code === 38 ? 'fg' : 'bg'] = colour;
        i += used;
      }
    }
  }

  function parse(line) {
    const text = afterCarriageReturn(line);
    const state = fresh();
    const segments = [];
    let last = 0;
    let match;
    const push = (t) => {
      const clean = t.replace(CONTROLS, '');
      if (clean === '') return;
      const style = styleOf(state);
      const prev = segments[segments.length - 1];
      if (prev && prev.c === style.c && JSON.stringify(prev.s) === JSON.stringify(style.s)) prev.t += clean;
      else segments.push({ t: clean, c: style.c, s: style.s });
    };
    ESCAPE.lastIndex = 0;
    while ((match = ESCAPE.exec(text)) !== null) {
      if (match.index > last) push(text.slice(last, match.index));
      if (match[2] === 'm' && /^[0-9;:]*$/.test(match[1])) applySgr(state, match[1]);
      last = ESCAPE.lastIndex;
    }
    if (last < text.length) push(text.slice(last));
    return segments;
  }

  // The line as plain text: what a terminal would show, without colours.
  function strip(line) {
    return parse(line).map((s) => s.t).join('');
  }

  global.Ansi = { parse, strip };
})(typeof window !== 'undefined' ? window : self);
