// Search dialog: opens on the header button, "/" or Ctrl+K, and loads Pagefind on first use.
// Pagefind reads <html lang> and searches only that language's index.
(() => {
  const dialog = document.querySelector("[data-wv-search]");
  if (!dialog) return;
  const bundle = new URL(dialog.dataset.bundle, location.href);
  let ready = null;

  const load = () => {
    ready ??= new Promise((resolve, reject) => {
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL("pagefind-ui.css", bundle).href;
      document.head.append(style);
      const script = document.createElement("script");
      script.src = new URL("pagefind-ui.js", bundle).href;
      script.onload = () => {
        new PagefindUI({
          element: "#wv-search-ui",
          baseUrl: new URL("..", bundle).pathname,
          showSubResults: true,
          showImages: false,
          autofocus: true,
          resetStyles: false,
        });
        labelInput();
        announceCount();
        resolve();
      };
      script.onerror = reject;
      document.head.append(script);
    });
    return ready;
  };

  // Pagefind's field has a placeholder only: give it a name in the page's language.
  const labelInput = () => {
    dialog.querySelector("input")?.setAttribute("aria-label", dialog.dataset.inputLabel);
  };

  // Pagefind writes "3 results for x" into a plain paragraph; a status region reads it out.
  const announceCount = () => {
    const status = dialog.querySelector("[data-wv-search-status]");
    const ui = dialog.querySelector("#wv-search-ui");
    if (!status || !ui) return;
    let timer = 0;
    new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const message = ui.querySelector(".pagefind-ui__message")?.textContent.trim() ?? "";
        if (status.textContent !== message) status.textContent = message;
      }, 400);
    }).observe(ui, { childList: true, subtree: true, characterData: true });
  };

  const open = async () => {
    if (!dialog.open) dialog.showModal();
    await load();
    dialog.querySelector("input")?.focus();
  };

  const typing = (target) =>
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

  document.querySelectorAll("[data-wv-search-open]").forEach((button) => {
    button.addEventListener("click", open);
  });
  dialog.querySelector("[data-wv-search-close]")?.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", (event) => {
    const shortcut =
      (event.key === "/" && !typing(event.target)) ||
      (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey));
    if (shortcut && !dialog.open) {
      event.preventDefault();
      open();
    }
  });
})();
