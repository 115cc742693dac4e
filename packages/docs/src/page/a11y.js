// Accessibility fixes for markup Redoc CE renders (inlined into the page by src/site.ts), each for a
// violation axe-core reports on the stock page; test/site.test.ts proves they are gone.
(() => {
  const fix = () => {
    const root = document.getElementById('redoc');
    if (!root) return;
    // 1. The request-example picker is a button labelled "Example" that shows the example's name:
    //    its accessible name must contain its visible text (WCAG 2.5.3, label-content-name-mismatch).
    for (const button of root.querySelectorAll('button[aria-label][aria-haspopup]')) {
      const text = button.textContent.trim();
      const label = button.getAttribute('aria-label');
      if (text && !label.toLowerCase().includes(text.toLowerCase()))
        button.setAttribute('aria-label', `${label}: ${text}`);
    }
    // 2. Icon-only buttons (the search dialog's) have no name at all (button-name).
    for (const button of document.querySelectorAll('button:not([aria-label])')) {
      if (button.textContent.trim() === '' && !button.title)
        button.setAttribute(
          'aria-label',
          button.closest('[role="dialog"], [class*="search" i]') ? 'Clear search' : 'More',
        );
    }
    // 3. Regions that scroll (wide tables, diagrams) must be reachable by keyboard
    //    (scrollable-region-focusable): they become focusable, named regions.
    for (const el of root.querySelectorAll('div, pre, table')) {
      if (el.hasAttribute('tabindex')) continue;
      const style = getComputedStyle(el);
      const scrolls =
        (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth) ||
        (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight);
      if (!scrolls || el.querySelector('a[href], button, input, select, textarea, [tabindex]')) continue;
      el.setAttribute('tabindex', '0');
      if (!el.hasAttribute('role')) el.setAttribute('role', 'region');
      if (!el.hasAttribute('aria-label'))
        el.setAttribute('aria-label', el.tagName === 'PRE' ? 'code' : 'scrollable content');
    }
  };
  // At most every 100 ms while the page changes (a debounce would wait forever on a page that never
  // stops changing), and once more after the last change.
  // `data-a11y` on <html> says whether fixes are due ("pending") or applied to the page as it is
  // ("done"): what a test (or an auditing tool) waits for before it reads the page.
  let pending = 0;
  const schedule = () => {
    if (pending) return;
    document.documentElement.dataset.a11y = 'pending';
    pending = setTimeout(() => {
      pending = 0;
      fix();
      // Done once the page's scripts have run (Redoc hydrates after load); until then, more is due.
      if (document.readyState === 'complete') document.documentElement.dataset.a11y = 'done';
    }, 100);
  };
  // Attributes too: React sets a label back when it re-renders a button.
  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributeFilter: ['aria-label'],
  });
  addEventListener('resize', schedule);
  addEventListener('DOMContentLoaded', schedule);
  addEventListener('load', schedule);
})();
