// Everything here is an extra: the pages read the same without it. (The
// page's head has already marked the document with the class "js", so that
// the menu is folded before the page is first painted.)
'use strict';

// Keys: the left and right arrows follow the previous and next links; / or
// s goes to the search box, and Escape leaves it.
document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
  // "/" needs Shift on some keyboards, so Shift is let through for it.
  if (event.key === '/' || (event.key === 's' && !event.shiftKey)) {
    event.preventDefault();
    search.focus();
    search.select(); // what is typed next replaces the last search
    return;
  }
  const rel = !event.shiftKey && { ArrowLeft: 'prev', ArrowRight: 'next' }[event.key];
  const link = rel && document.querySelector(`.pager a[rel="${rel}"]`);
  if (link) {
    event.preventDefault();
    window.location.href = link.href;
  }
});

// The colours the reader chose, for the next pages too.
for (const radio of document.querySelectorAll('input[name="theme"]')) {
  radio.addEventListener('change', () => {
    try { localStorage.setItem('theme', radio.value); } catch {}
  });
}

// Copy buttons: a shell session's copies its commands alone, any other
// block's copies the code.
for (const button of document.querySelectorAll('button.copy')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const text = button.dataset.copy ?? button.closest('figure').querySelector('pre').textContent;
    try {
      await navigator.clipboard.writeText(text.replace(/\n$/, ''));
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
}

// On a narrow screen the sidebar is a menu behind a button.
const menu = document.querySelector('.menu-button');
const sidebar = document.getElementById('sidebar');
menu.hidden = false;
menu.addEventListener('click', () => {
  const open = sidebar.classList.toggle('open');
  menu.setAttribute('aria-expanded', String(open));
});
sidebar.addEventListener('click', (event) => {
  if (event.target.closest('a') && sidebar.classList.contains('open')) {
    sidebar.classList.remove('open');
    menu.setAttribute('aria-expanded', 'false');
  }
});

// The section in view is marked in this page's table of contents: the
// last one whose heading is above the middle of the window.
const tocLinks = new Map([...document.querySelectorAll('.toc a')].map((a) => [decodeURIComponent(a.hash.slice(1)), a]));
const headings = [...tocLinks.keys()].map((id) => document.getElementById(id)).filter(Boolean);
let marking = false;
function markCurrent() {
  marking = false;
  let current = null;
  for (const h of headings) {
    if (h.getBoundingClientRect().top < window.innerHeight / 2) current = h;
  }
  for (const [id, a] of tocLinks) a.classList.toggle('current', current !== null && id === current.id);
}
if (headings.length) {
  const later = () => { if (!marking) { marking = true; requestAnimationFrame(markCurrent); } };
  window.addEventListener('scroll', later, { passive: true });
  window.addEventListener('resize', later);
  markCurrent();
}

// Search: the index (search-index.js) is loaded the first time it is
// needed. A section matches when every word typed begins a word of it.
const box = document.querySelector('.search');
const search = document.getElementById('search');
const results = document.getElementById('search-results');
box.hidden = false;
// A script of the site, loaded once; a script, unlike fetch, loads from
// file:// too.
const scripts = new Map();
function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`cannot load ${src}`));
      document.head.appendChild(script);
    }));
  }
  return scripts.get(src);
}
const loadIndex = () => loadScript('search-index.js').then(() => window.SEARCH_INDEX);
search.addEventListener('focus', loadIndex);

// The sentences a page's results show, by section, loaded only for the
// pages found (see PassagesFile in internal/search/passages.go).
const loadPassages = (url) => loadScript('search/' + url.replace(/\.html$/, '.js')).then(() => window.SEARCH_PASSAGES[url]);

// sectionIDs reads a word's sections, written as the steps from one
// section number to the next (see sectionSteps in internal/search/search.go).
function sectionIDs(steps) {
  const ids = [];
  let id = -1;
  for (let i = 0; i < steps.length; ) {
    const long = steps[i] === '~';
    id += parseInt(long ? steps.slice(i + 1, i + 3) : steps[i], 36) + 1;
    i += long ? 3 : 1;
    ids.push(id);
  }
  return ids;
}

// The words of a query, as the index cuts them.
function terms(query) {
  return query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
}

function find(idx, query) {
  const typed = terms(query);
  if (!typed.length) return [];
  const words = Object.keys(idx.words);
  let found = null;
  for (const term of typed) {
    const here = new Set();
    if (idx.common.some((w) => w.startsWith(term))) {
      // A common word is taken as found in every section.
      idx.sections.forEach((_, s) => here.add(s));
    }
    for (const w of words) if (w.startsWith(term)) for (const s of sectionIDs(idx.words[w])) here.add(s);
    found = found ? new Set([...found].filter((s) => here.has(s))) : here;
  }
  // Sections whose heading holds a term come first, then in reading order.
  const inHeading = (s) => typed.some((t) => idx.sections[s][2].toLowerCase().includes(t));
  return [...found].sort((a, b) => inHeading(b) - inHeading(a) || a - b).slice(0, 12);
}

// A result shows the passage of its section (a sentence, or a line of
// code) that holds the most words typed, cut to some thirty words around
// the first, with every word that begins with one of them marked, as
// mdBook's search does.
const teaserLength = 160; // characters
function teaser(passages, typed) {
  const words = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${typed.join('|')})[\\p{L}\\p{N}_]*`, 'giu');
  const count = (p) => new Set((p.match(words) || []).map((w) => w.toLowerCase())).size;
  let best = passages[0] || '';
  for (const p of passages) if (count(p) > count(best)) best = p;
  const first = best.search(words);
  let start = 0;
  if (first > 0 && best.length > teaserLength) {
    start = Math.max(0, Math.min(first - 40, best.length - teaserLength));
    if (start > 0) start = best.indexOf(' ', start) + 1; // at a word
  }
  let end = Math.min(best.length, start + teaserLength);
  if (end < best.length) end = Math.max(best.lastIndexOf(' ', end), start + 1);
  const shown = best.slice(start, end);
  const out = document.createElement('span');
  out.className = 'teaser';
  if (start > 0) out.append('…');
  let at = 0;
  for (const m of shown.matchAll(words)) {
    out.append(shown.slice(at, m.index), Object.assign(document.createElement('mark'), { textContent: m[0] }));
    at = m.index + m[0].length;
  }
  out.append(shown.slice(at));
  if (end < best.length) out.append('…');
  return out;
}

let selected = -1;
let teasersLater;
async function show() {
  const query = search.value.trim();
  if (!query) {
    results.hidden = true;
    return;
  }
  let idx;
  try {
    idx = await loadIndex();
  } catch (err) {
    results.replaceChildren(Object.assign(document.createElement('p'), { textContent: err.message }));
    results.hidden = false;
    return;
  }
  if (search.value.trim() !== query) return; // typed on meanwhile
  const hits = find(idx, query);
  const teasers = [];
  results.replaceChildren(...hits.map((s) => {
    const [p, id, heading] = idx.sections[s];
    const [url, page] = idx.pages[p];
    const a = document.createElement('a');
    a.href = id ? url + '#' + id : url;
    const title = Object.assign(document.createElement('strong'), { textContent: heading });
    const where = Object.assign(document.createElement('span'), { className: 'where', textContent: page });
    a.append(title, where);
    teasers.push({ url, id, title });
    return a;
  }));
  // Each result's sentence follows its heading once its page's passages
  // are in. They are fetched once the reader stops typing, so that the
  // first letters of a word, which are found on every page, do not fetch
  // every page's.
  clearTimeout(teasersLater);
  teasersLater = setTimeout(() => {
    for (const { url, id, title } of teasers) {
      loadPassages(url).then((passages) => {
        if (passages[id]) title.after(teaser(passages[id].split('\n'), terms(query)));
      }, () => {}); // without them, a result is its heading
    }
  }, 250);
  if (!hits.length) {
    results.replaceChildren(Object.assign(document.createElement('p'), { textContent: `Nothing found for “${query}”.` }));
  }
  selected = -1;
  results.hidden = false;
}
function select(i) {
  const links = results.querySelectorAll('a');
  if (!links.length) return;
  selected = (i + links.length) % links.length;
  links.forEach((a, j) => a.classList.toggle('selected', j === selected));
  links[selected].scrollIntoView({ block: 'nearest' });
}
search.addEventListener('input', show);
search.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    results.hidden = true;
    search.blur();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    select(selected + (event.key === 'ArrowDown' ? 1 : -1));
  } else if (event.key === 'Enter' && !results.hidden) {
    const link = results.querySelectorAll('a')[Math.max(selected, 0)];
    if (link) link.click();
  }
});
document.addEventListener('click', (event) => {
  // A click elsewhere closes the results, and so does following one, for
  // a result on this very page does not load a new one.
  if (!box.contains(event.target) || event.target.closest('#search-results a')) {
    results.hidden = true;
    if (box.contains(event.target)) search.blur();
  }
});
