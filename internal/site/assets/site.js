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

// The words the script writes, in the page's language.
const chinesePage = document.documentElement.lang === 'zh-CN';
const words = chinesePage
  ? { copy: '复制', copied: '已复制', selectAndCopy: '请选中后复制' }
  : { copy: 'Copy', copied: 'Copied', selectAndCopy: 'Select and copy' };

// The language switch lands on the section the reader is in: the other
// page has the same headings' ids.
for (const link of document.querySelectorAll('a.language')) {
  link.addEventListener('click', () => { link.hash = location.hash; });
}

// Copy buttons: a shell session's copies its commands alone, any other
// block's copies the code.
for (const button of document.querySelectorAll('button.copy')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    const text = button.dataset.copy ?? button.closest('figure').querySelector('pre').textContent;
    try {
      await navigator.clipboard.writeText(text.replace(/\n$/, ''));
      button.textContent = words.copied;
    } catch {
      button.textContent = words.selectAndCopy;
    }
    setTimeout(() => { button.textContent = words.copy; }, 1500);
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

// Search: its script (search.js) and the index (search-index.js) load the
// first time the reader uses the box, for most pages are read without.
const box = document.querySelector('.search');
const search = document.getElementById('search');
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
search.addEventListener('focus', () => loadScript('search.js'), { once: true });
