// On paper a link is only useful with its address: before printing, each link in the text
// gets its full address, which the print styles show after it (site.css, "Print").
(() => {
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll(".md-content__inner a[href]:not(.headerlink)").forEach((link) => {
      const target = new URL(link.href, location.href);
      if (target.hash && target.pathname === location.pathname) return;
      link.dataset.printHref = target.href;
    });
  });
})();
