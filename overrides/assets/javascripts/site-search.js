// Search dialog on Pagefind's JS API (partials/site-search.html). It opens from the header
// button or with Ctrl+K / Cmd+K; no single key opens it (WCAG 2.1.4). Pagefind loads on first
// use and searches only the index of the page's language (it reads <html lang>). A search runs
// once the reader pauses typing, and only the results shown fetch their excerpts: each
// prefix typed on the way to a word would otherwise fetch index chunks and excerpts of its own.
(() => {
  const dialog = document.querySelector("dialog[data-wv-search]");
  if (!dialog) return;
  const PAUSE_MS = 300;
  // About a screenful: each result shown costs its page's excerpt file (3-4 KB).
  const PAGE_SIZE = 4;
  const words = dialog.dataset;
  const form = dialog.querySelector("[data-wv-search-form]");
  const input = dialog.querySelector("[data-wv-search-input]");
  const clear = dialog.querySelector("[data-wv-search-clear]");
  const status = dialog.querySelector("[data-wv-search-status]");
  const list = dialog.querySelector("[data-wv-search-results]");
  const more = dialog.querySelector("[data-wv-search-more]");
  const bundle = new URL(words.bundle, location.href);
  const lang = document.documentElement.lang;
  const plural = new Intl.PluralRules(lang);

  let pagefind = null; // the loaded module, as a promise
  let opener = null; // where focus goes back to on close
  let timer = 0;
  let latest = 0; // the number of the latest search: an older one drops its results
  let found = [];

  const load = () => {
    pagefind ??= import(new URL("pagefind.js", bundle).href).then(async (module) => {
      // No web worker: it would fetch a second copy of Pagefind's code for one small index.
      await module.options({ baseUrl: new URL("..", bundle).pathname, noWorker: true });
      await module.init();
      return module;
    });
    pagefind.catch(() => {
      pagefind = null; // the next search tries again
    });
    return pagefind;
  };

  const say = (text) => {
    if (status.textContent !== text) status.textContent = text;
  };

  const count = (n) => {
    const template = words[`results${capitalised(plural.select(n))}`] ?? words.resultsOther;
    return template.replace("{count}", n.toLocaleString(lang));
  };
  const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  // --- Results ---------------------------------------------------------------------------------

  // Pagefind's excerpt is HTML-escaped text with <mark> around the words found. It is parsed
  // in an inert document and rebuilt from text nodes and <mark>s: no markup is ever inserted.
  const excerpt = (html) => {
    const paragraph = document.createElement("p");
    paragraph.className = "wv-search__excerpt";
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    }
    return paragraph;
  };

  const item = (data) => {
    const href = new URL(data.url, location.href);
    if (href.origin !== location.origin) return null;
    const entry = document.createElement("li");
    entry.className = "wv-search__result";
    const link = document.createElement("a");
    link.className = "wv-search__link";
    link.href = href.href;
    link.textContent = data.meta?.title || href.pathname;
    entry.append(link, excerpt(data.excerpt ?? ""));
    return entry;
  };

  const showMore = async (search) => {
    const next = found.slice(list.children.length, list.children.length + PAGE_SIZE);
    const pages = await Promise.all(next.map((result) => result.data()));
    if (search !== latest) return [];
    const entries = pages.map(item).filter(Boolean);
    list.append(...entries);
    more.hidden = list.children.length >= found.length;
    return entries;
  };

  const run = async (term) => {
    const search = ++latest;
    try {
      let module = pagefind;
      if (!module) {
        say(words.loading);
        module = load();
      }
      const response = await (await module).search(term);
      if (search !== latest) return;
      found = response.results;
      list.replaceChildren();
      await showMore(search);
      if (search === latest) say(found.length ? count(found.length) : words.noResults);
    } catch {
      if (search === latest) say(words.error);
    }
  };

  const reset = () => {
    clearTimeout(timer);
    latest++;
    found = [];
    list.replaceChildren();
    more.hidden = true;
    say("");
  };

  input.addEventListener("input", () => {
    const term = input.value.trim();
    clear.hidden = input.value === "";
    clearTimeout(timer);
    if (!term) {
      reset();
      return;
    }
    timer = setTimeout(() => run(term), PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    if (input.value.trim()) run(input.value.trim());
  });
  form.addEventListener("reset", () => {
    reset();
    clear.hidden = true;
    input.focus();
  });
  more.addEventListener("click", async () => {
    const entries = await showMore(latest);
    entries[0]?.querySelector("a")?.focus();
  });

  // --- The dialog --------------------------------------------------------------------------------

  const open = (from) => {
    if (dialog.open) {
      input.focus();
      return;
    }
    opener = from instanceof HTMLElement && from !== document.body ? from : null;
    dialog.showModal();
    input.focus();
    load().catch(() => say(words.error));
  };

  dialog.addEventListener("close", () => {
    const back = opener?.isConnected ? opener : document.querySelector("[data-wv-search-open]");
    back?.focus();
  });
  dialog.querySelector("[data-wv-search-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });

  // A modal dialog keeps the page behind it inert, but Tab can still leave for the browser's
  // own controls: the first and last controls hand focus to each other instead.
  const focusable = () =>
    [...dialog.querySelectorAll("a[href], button, input")].filter(
      (element) => !element.disabled && element.getClientRects().length > 0,
    );
  dialog.addEventListener("keydown", (event) => {
    // Escape closes the dialog at once, also from a search field the browser would clear first.
    if (event.key === "Escape") {
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== "Tab") return;
    const stops = focusable();
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  document.querySelectorAll("[data-wv-search-open]").forEach((button) => {
    button.addEventListener("click", (event) => open(event.currentTarget));
  });
  document.addEventListener("keydown", (event) => {
    const shortcut =
      event.key.toLowerCase() === "k" &&
      (event.ctrlKey || event.metaKey) &&
      !event.altKey &&
      !event.shiftKey;
    if (!shortcut) return;
    event.preventDefault();
    open(document.activeElement);
  });
})();
