// The header's menu button opens and closes Material's navigation drawer (a hidden checkbox
// that Material only toggles through a <label>, which the keyboard cannot reach), and the
// button tells assistive technology whether the drawer is open. While it is open, the drawer
// is all there is: focus moves into it and cycles inside it, the page around it is inert
// (it lies under the overlay), and Escape closes it and returns focus to the button.
(() => {
  const drawer = document.getElementById("__drawer");
  const button = document.querySelector("[data-wv-drawer-button]");
  const panel = document.querySelector(".md-sidebar--primary");
  if (!drawer || !button || !panel) return;

  // What stays usable outside the drawer: Material's toggles and the overlay that closes it.
  const exempt = (element) =>
    element.matches("script, input.md-toggle, label.md-overlay") || element.contains(panel);
  const focusable = () =>
    [...panel.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].filter(
      (element) => element.tabIndex >= 0 && element.getClientRects().length > 0,
    );
  let inerted = [];

  const enclose = () => {
    for (let node = panel; node.parentElement; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && !exempt(sibling) && !sibling.inert) {
          sibling.inert = true;
          inerted.push(sibling);
        }
      }
    }
    focusable()[0]?.focus();
  };
  const release = () => {
    inerted.forEach((element) => {
      element.inert = false;
    });
    inerted = [];
  };

  const sync = () => {
    button.setAttribute("aria-expanded", String(drawer.checked));
    const wasInside = panel.contains(document.activeElement);
    release();
    if (drawer.checked) enclose();
    else if (wasInside || document.activeElement === document.body) button.focus();
  };
  const set = (open) => {
    if (drawer.checked === open) return;
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change", { bubbles: true }));
  };

  button.addEventListener("click", () => set(!drawer.checked));
  document.addEventListener("keydown", (event) => {
    if (!drawer.checked) return;
    if (event.key === "Escape") {
      set(false);
    } else if (event.key === "Tab") {
      const stops = focusable();
      const [first, last] = [stops[0], stops[stops.length - 1]];
      const wrapTo = event.shiftKey ? last : first;
      const edge = event.shiftKey ? first : last;
      if (wrapTo && (document.activeElement === edge || !panel.contains(document.activeElement))) {
        event.preventDefault();
        wrapTo.focus();
      }
    }
  });
  // The overlay (a <label> for the checkbox) closes the drawer too.
  drawer.addEventListener("change", sync);
  // From the width where the navigation is a sidebar, there is no drawer to be in.
  const wide = matchMedia("(min-width: 76.25em)");
  wide.addEventListener("change", () => {
    if (wide.matches) set(false);
  });
  button.setAttribute("aria-expanded", String(drawer.checked));
})();
