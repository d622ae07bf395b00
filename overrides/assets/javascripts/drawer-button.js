// The header's menu button opens and closes Material's navigation drawer (a hidden checkbox
// that Material only toggles through a <label>, which the keyboard cannot reach). Escape
// closes it, and the button tells assistive technology whether the drawer is open.
(() => {
  const drawer = document.getElementById("__drawer");
  const button = document.querySelector("[data-wv-drawer-button]");
  if (!drawer || !button) return;

  const sync = () => button.setAttribute("aria-expanded", String(drawer.checked));
  const set = (open) => {
    if (drawer.checked === open) return;
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
  };

  button.addEventListener("click", () => set(!drawer.checked));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer.checked) {
      set(false);
      button.focus();
    }
  });
  drawer.addEventListener("change", sync);
  sync();
})();
