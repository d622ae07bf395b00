// Material's colour-scheme toggle is a pair of radio buttons behind one visible label, and it
// leaves both unchecked until the reader clicks. Tab then lands on the first radio, whatever
// the scheme: in the dark scheme that is the radio named "switch to dark mode", whose label
// is hidden, so the focus cannot be seen and the name is wrong. Checking the radio of the
// scheme in use makes it the one Tab reaches: its name is the action that Enter performs, and
// its label is the visible one, which shows the focus.
(() => {
  const form = document.querySelector('[data-md-component="palette"]');
  if (!form) return;
  const sync = () => {
    const scheme = document.body.getAttribute("data-md-color-scheme");
    const current = form.querySelector(`input[data-md-color-scheme="${scheme}"]`);
    if (current && !current.checked) current.checked = true;
  };
  new MutationObserver(sync).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
  sync();
})();
