// GitHub Pages answers every missing address with the site's root 404.html, which is in the
// default language and carries every language's message, the others hidden
// (overrides/404.html). This shows the message of the language the address belongs to (the
// one whose home the path starts with, the longest), and makes the page that language's:
// <html lang>, the title, and the search, which then looks in that language's index. The
// header and navigation stay in the default language, and say so (lang on <body>). Without
// script, the default language's message is the page, as before.
// It runs before the search script (overrides/404.html), which reads the dialog's bundle.
(() => {
  const messages = [...document.querySelectorAll("[data-wv-not-found]")];
  const home = (message) => new URL(message.querySelector("a[href]").href).pathname;
  const here = location.pathname;
  const [chosen] = messages
    .filter((message) => here.startsWith(home(message)))
    .sort((a, b) => home(b).length - home(a).length);
  if (!chosen || chosen === messages[0]) return;

  const lang = chosen.dataset.wvNotFound;
  document.body.lang = document.documentElement.lang;
  document.documentElement.lang = lang;
  document.title = chosen.dataset.title;
  messages.forEach((message) => {
    message.hidden = message !== chosen;
  });

  const dialog = document.querySelector("[data-wv-search]");
  if (!dialog) return;
  dialog.lang = lang;
  dialog.dataset.bundle = chosen.dataset.searchBundle;
  dialog.dataset.inputLabel = chosen.dataset.searchInput;
  const title = dialog.querySelector("#wv-search-title");
  if (title) title.textContent = chosen.querySelector("[data-wv-search-open]").textContent;
  const close = dialog.querySelector("[data-wv-search-close]");
  close?.setAttribute("aria-label", chosen.dataset.searchClose);
  close?.setAttribute("title", chosen.dataset.searchClose);
})();
