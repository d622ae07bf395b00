// The language selector as a disclosure: its button opens and closes the list (Enter, Space
// or a click) and says so with aria-expanded; Escape closes it and returns focus to the
// button; it closes when focus or a click goes elsewhere. It no longer opens on mere hover or
// focus, where it covered the page's heading and could not be dismissed (site.css keys the
// list's visibility on aria-expanded, which only this script sets).
(() => {
  const button = document.querySelector("[data-wv-language-button]");
  const menu = button?.closest(".md-select");
  if (!button || !menu) return;

  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  const set = (open) => button.setAttribute("aria-expanded", String(open));

  button.addEventListener("click", () => set(!isOpen()));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.stopPropagation();
      set(false);
      button.focus();
    }
  });
  // Focus moving on to another part of the page closes the list; focus leaving the window
  // (no related target) does not.
  menu.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !menu.contains(event.relatedTarget)) set(false);
  });
  document.addEventListener("click", (event) => {
    if (isOpen() && !menu.contains(event.target)) set(false);
  });
  set(false);
})();
