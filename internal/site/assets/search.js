// The search, which site.js loads the first time the reader focuses the
// box: it shares that script's names (search, box, loadScript). The
// index loads at once; a section matches when every word typed begins a
// word of it.
'use strict';

const results = document.getElementById('search-results');
// A Chinese page searches the Chinese edition (search-index.zh.js).
const loadIndex = () => loadScript(chinesePage ? 'search-index.zh.js' : 'search-index.js').then(() => window.SEARCH_INDEX);

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

// The words of a query, as the index cuts them. Chinese has no spaces
// between words: a run of Chinese characters is searched as its pairs of
// characters (半关闭: 半关 and 关闭), which the index lists, or as the one
// character it is.
function terms(query) {
  const out = [];
  for (const w of query.toLowerCase().match(/\p{Script=Han}+|[\p{L}\p{N}_]+?(?=\p{Script=Han}|[^\p{L}\p{N}_]|$)/gu) || []) {
    if (!/\p{Script=Han}/u.test(w) || w.length < 3) out.push(w);
    else for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}
const isHan = (term) => /\p{Script=Han}/u.test(term);

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
  // A Chinese term is marked where it is, inside a run of characters.
  const latin = typed.filter((t) => !isHan(t)), han = typed.filter(isHan);
  const alternatives = [];
  if (latin.length) alternatives.push(`(?<![\\p{L}\\p{N}_])(?:${latin.join('|')})[\\p{L}\\p{N}_]*`);
  if (han.length) alternatives.push(`(?:${han.join('|')})+`);
  const words = new RegExp(alternatives.join('|'), 'giu');
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
    results.replaceChildren(Object.assign(document.createElement('p'), { textContent: chinesePage ? `没有找到“${query}”。` : `Nothing found for “${query}”.` }));
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

// What was typed while this script loaded is searched for now.
loadIndex();
if (search.value.trim()) show();
