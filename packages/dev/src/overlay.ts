/**
 * The script the loop adds to the docs page it proxies: it listens to /__dev/events (server-sent
 * events, no polling), reloads the page when a newer build of the docs is announced, and shows the
 * problems of a broken edit over the page until they are fixed.
 */
export function overlayScript(build: number): string {
  return `<script>
(() => {
  const BUILD = ${build};
  const events = new EventSource('/__dev/events');
  const render = (problems) => {
    let box = document.getElementById('dev-overlay');
    if (problems.length === 0) { box?.remove(); return; }
    if (!box) {
      box = document.createElement('div');
      box.id = 'dev-overlay';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;z-index:99999;margin:0;padding:16px 20px;background:#1f1f1f;color:#fff;font:14px/1.5 ui-monospace,monospace;border-bottom:4px solid #d32f2f;white-space:pre-wrap';
      document.body.appendChild(box);
    }
    box.textContent = 'The contract does not build; the server still serves the last good one.\\n\\n' + problems.join('\\n');
  };
  events.addEventListener('state', (event) => {
    const state = JSON.parse(event.data);
    if (state.docsBuild > BUILD) { location.reload(); return; }
    render(state.problems);
  });
})();
</script>`;
}
