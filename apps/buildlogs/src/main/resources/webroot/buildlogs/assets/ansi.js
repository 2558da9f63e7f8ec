// Turns a log line with ANSI escape codes into segments {t: text, c: css classes}.
// Only SGR codes (colours, bold, italic, underline) are kept; every other escape sequence is
// dropped. A carriage return overwrites the line, as in a terminal. The text is never parsed as
// HTML: the page renders segments as text nodes.
(function (global) {
  'use strict';

  const ESCAPE = /\u001b\[([0-9;?]*)([A-Za-z])|\u001b[@-Z\\-_]/g;

  function afterCarriageReturn(line) {
    const trimmed = line.replace(/\r+$/, '');
    const i = trimmed.lastIndexOf('\r');
    return i < 0 ? trimmed : trimmed.slice(i + 1);
  }

  function classesOf(state) {
    const c = [];
    if (state.fg !== null) c.push('ansi-fg-' + state.fg);
    if (state.bg !== null) c.push('ansi-bg-' + state.bg);
    if (state.bold) c.push('ansi-bold');
    if (state.faint) c.push('ansi-faint');
    if (state.italic) c.push('ansi-italic');
    if (state.underline) c.push('ansi-underline');
    return c.join(' ');
  }

  function applySgr(state, params) {
    const codes = params === '' ? [0] : params.split(';').map((p) => (p === '' ? 0 : Number(p)));
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i];
      if (code === 0) {
        Object.assign(state, { fg: null, bg: null, bold: false, faint: false, italic: false, underline: false });
      } else if (code === 1) state.bold = true;
      else if (code === 2) state.faint = true;
      else if (code === 3) state.italic = true;
      else if (code === 4) state.underline = true;
      else if (code === 22) { state.bold = false; state.faint = false; }
      else if (code === 23) state.italic = false;
      else if (code === 24) state.underline = false;
      else if (code >= 30 && code <= 37) state.fg = code - 30;
      else if (code === 39) state.fg = null;
      else if (code >= 40 && code <= 47) state.bg = code - 40;
      else if (code === 49) state.bg = null;
      else if (code >= 90 && code <= 97) state.fg = code - 90 + 8;
      else if (code >= 100 && code <= 107) state.bg = code - 100 + 8;
      else if ((code === 38 || code === 48) && codes[i + 1] === 5) {
        const n = codes[i + 2];
        if (n >= 0 && n < 16) state[code === 38 ? 'fg' : 'bg'] = n;
        i += 2;
      } else if ((code === 38 || code === 48) && codes[i + 1] === 2) {
        i += 4; // true colour: not rendered
      }
    }
  }

  function parse(line) {
    const text = afterCarriageReturn(line);
    const state = { fg: null, bg: null, bold: false, faint: false, italic: false, underline: false };
    const segments = [];
    let last = 0;
    let match;
    ESCAPE.lastIndex = 0;
    while ((match = ESCAPE.exec(text)) !== null) {
      if (match.index > last) segments.push({ t: text.slice(last, match.index), c: classesOf(state) });
      if (match[2] === 'm') applySgr(state, match[1]);
      last = ESCAPE.lastIndex;
    }
    if (last < text.length) segments.push({ t: text.slice(last), c: classesOf(state) });
    return segments;
  }

  global.Ansi = { parse };
})(window);
