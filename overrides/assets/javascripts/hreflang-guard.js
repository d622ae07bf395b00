// Material fetches sitemap.xml next to every <link rel="alternate"> when a page loads, to map
// pages between language sites. This site's hreflang links are per page (and its language
// switcher already points at the translation), and the feed link points at a language's feed,
// so each of those fetches would be a 404.
// Hide the links from Material's start-up and put them back right after it.
(() => {
  const links = document.querySelectorAll('link[rel="alternate"]');
  links.forEach((link) => link.setAttribute("rel", "x-alternate-pending"));
  document.addEventListener(
    "DOMContentLoaded",
    () => setTimeout(() => links.forEach((link) => link.setAttribute("rel", "alternate"))),
    { once: true },
  );
})();
