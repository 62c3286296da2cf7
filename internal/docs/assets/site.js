// Everything here is an extra: the pages read the same without it.
'use strict';
document.documentElement.classList.add('js');

// The left and right arrow keys follow the previous and next links.
document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const target = event.target;
  if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
  const rel = { ArrowLeft: 'prev', ArrowRight: 'next' }[event.key];
  const link = rel && document.querySelector(`.pager a[rel="${rel}"]`);
  if (link) {
    event.preventDefault();
    window.location.href = link.href;
  }
});

// Each command of a shell session gets a button that copies the command
// alone: no prompt, no output.
for (const button of document.querySelectorAll('button.copy')) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
}
