// The search page: runs Pagefind (loaded on demand from /pagefind/) over the form's query and filters.
// Without JavaScript the same form simply reloads this page, which then shows the browse links.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const section = document.getElementById("search-results-section");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const FILTERS = ["type", "offer", "need", "area", "month", "week"];
const PAGE_SIZE = 10;

const pagefindUrl = new URL(form.dataset.pagefind, document.baseURI);
let pagefindPromise = null;
let latest = 0;
let pending = [];
let timer = null;

function loadPagefind() {
  // Only when someone searches: the index and its WebAssembly are not part of the page weight.
  if (!pagefindPromise) {
    pagefindPromise = import(pagefindUrl.href).then(async (pagefind) => {
      await pagefind.options({ baseUrl: new URL("../", pagefindUrl).pathname, excerptLength: 24 });
      return pagefind;
    });
  }
  return pagefindPromise;
}

function selection() {
  const data = new FormData(form);
  const query = (data.get("q") || "").trim();
  const filters = {};
  for (const name of FILTERS) {
    const values = data.getAll(name).filter(Boolean);
    if (values.length) filters[name] = { any: values };
  }
  return { query, filters, data };
}

function restore() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const element of form.elements) {
    if (!FILTERS.includes(element.name)) continue;
    const wanted = params.getAll(element.name);
    if (element.type === "checkbox") element.checked = wanted.includes(element.value);
    else if (element.tagName === "SELECT") element.value = wanted[0] || "";
  }
}

function remember(data) {
  const params = new URLSearchParams();
  for (const [name, value] of data.entries()) if (value) params.append(name, value);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// Pagefind escapes "<" and ">" in excerpts and marks matches with <mark>: rebuild that as DOM
// nodes instead of trusting it as HTML.
function excerptNodes(excerpt) {
  const container = document.createElement("p");
  const decode = (text) => new DOMParser().parseFromString(`<p>${text}`, "text/html").body.textContent;
  excerpt.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const match = part.match(/^<mark>(.*)<\/mark>$/);
    if (match) {
      const mark = document.createElement("mark");
      mark.textContent = decode(match[1]);
      container.append(mark);
    } else if (part) {
      container.append(decode(part));
    }
  });
  return container;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const details = document.createElement("p");
  details.className = "meta";
  const filters = data.filters || {};
  // Type, then for events the month of the next date (a series has many), then up to three areas.
  details.textContent = [(filters.type || [])[0], (filters.month || [])[0], (filters.area || []).slice(0, 3).join(", ")]
    .filter(Boolean).join(" · ");
  item.append(heading, details, excerptNodes(data.excerpt || ""));
  return item;
}

async function showMore(run) {
  const batch = pending.splice(0, PAGE_SIZE);
  const items = await Promise.all(batch.map((result) => result.data()));
  if (run !== latest) return;
  items.forEach((data) => list.append(resultItem(data)));
  moreButton.hidden = pending.length === 0;
}

function describe(count, query, filters) {
  const what = count === 1 ? "1 result" : `${count} results`;
  const parts = [];
  if (query) parts.push(`for “${query}”`);
  const chosen = Object.values(filters).flatMap((f) => f.any);
  if (chosen.length) parts.push(`filtered by ${chosen.join(", ")}`);
  return `${what} ${parts.join(" ")}`.trim() + ".";
}

async function run() {
  const run = ++latest;
  const { query, filters, data } = selection();
  remember(data);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    section.hidden = true;
    statusLine.textContent = "";
    return;
  }
  statusLine.textContent = "Searching…";
  try {
    const pagefind = await loadPagefind();
    const search = await pagefind.search(query || null, { filters });
    if (run !== latest) return;
    pending = search.results.slice();
    list.replaceChildren();
    section.hidden = pending.length === 0;
    await showMore(run);
    if (run !== latest) return;
    statusLine.textContent = search.results.length
      ? describe(search.results.length, query, filters)
      : `No results ${query ? `for “${query}”` : ""}. Try fewer words, remove a filter, or browse below.`.replace(/\s+\./, ".");
  } catch (error) {
    statusLine.textContent = "Sorry, search could not load. You can browse the hub with the links below.";
    document.getElementById("search-nojs").hidden = true;
    console.error(error);
  }
}

document.getElementById("search-nojs").hidden = true;
restore();
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run();
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 300);
});
form.addEventListener("change", (event) => {
  if (event.target !== input) run();
});
moreButton.addEventListener("click", () => {
  const first = list.children.length;
  showMore(latest).then(() => list.children[first]?.querySelector("a")?.focus());
});
if (input.value || [...new URLSearchParams(location.search).keys()].some((k) => FILTERS.includes(k))) run();
