// The search page: runs Pagefind (loaded on demand from /pagefind/) over the form's query and filters.
// Without JavaScript the same form simply reloads this page, which then shows the browse links.
//
// Pagefind finds a page only when it holds every word of the query. People write "lifts to hospital"
// or "lunch club for my mum", so before asking Pagefind this reads the query with the hub's own words
// (search/words.json, fetched with Pagefind, only when someone searches; plugins/hub/search/words.py):
// words that carry no meaning ("to", "for my mum") are dropped, a word the hub never uses is corrected
// to the closest one it does ("befreinding"), and when all the words together find nothing, each is
// searched alone and pages with more of them come first, which the status line says. Members who offer
// what the query is about are listed before those who need it, unless the query offers help ("donate").
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const section = document.getElementById("search-results-section");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const FILTERS = ["type", "offer", "need", "area", "month", "week"];
const PAGE_SIZE = 10;
const RERANKED = 20; // how many of the first results are re-ordered by offer and need (each loads its data)
const OFFER_BOOST = 3; // how much more a member offering the thing weighs than one needing it

const pagefindUrl = new URL(form.dataset.pagefind, document.baseURI);
const wordsUrl = new URL(form.dataset.words, document.baseURI);
let pagefindPromise = null;
let wordsPromise = null;
let latest = 0;
let pending = [];
let timer = null;

function loadPagefind() {
  // Only when someone searches: the index and its WebAssembly are not part of the page weight.
  if (!pagefindPromise) {
    pagefindPromise = import(pagefindUrl.href).then(async (pagefind) => {
      const baseUrl = new URL("../", pagefindUrl).pathname;
      await pagefind.options({ baseUrl, excerptLength: 24 });
      // A big hub's index comes in several bundles (each built in bounded memory): merge the others.
      const shards = await fetch(new URL("hub-shards.json", pagefindUrl)).then((r) => (r.ok ? r.json() : []))
        .catch(() => []);
      for (const shard of shards) {
        await pagefind.mergeIndex(new URL(shard, pagefindUrl).href, { baseUrl });
      }
      return pagefind;
    });
  }
  return pagefindPromise;
}

function loadWords() {
  // Without the words (an old cache, a failed request) the search still works, word for word.
  if (!wordsPromise) {
    wordsPromise = fetch(wordsUrl).then((response) => (response.ok ? response.json() : null)).catch(() => null)
      .then((words) => words && { ...words, skip: new Set([...words.stop, ...words.behalf]), knownSet: new Set(words.known) });
  }
  return wordsPromise;
}

const tokens = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) || [];
const stem = (word) => (word.length > 4 ? word.replace(/(?:es|s)$/, "") : word);

// Optimal string alignment distance (a swap of two letters counts once), or Infinity above `limit`.
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
      best = Math.min(best, row[j]);
    }
    if (best > limit) return Infinity;
    before = previous;
    previous = row;
  }
  return previous[b.length] <= limit ? previous[b.length] : Infinity;
}

// The word the hub uses that is closest to a word it never uses, or null. `known` is most frequent first.
function correction(word, words) {
  const limit = word.length >= 7 ? 2 : 1;
  let found = null;
  let nearest = limit + 1;
  for (const candidate of words.known) {
    const d = distance(word, candidate, Math.min(limit, nearest - 1));
    if (d < nearest) {
      found = candidate;
      nearest = d;
      if (d === 1) break;
    }
  }
  return found;
}

// What the query asks for: the words to search with, the corrections made, the categories it is
// about, and whether it asks for help ("request") or offers it ("offer").
function readQuery(query, words) {
  const typed = tokens(query);
  if (!words) return { typed, terms: typed, corrections: [], categories: new Set(), intent: "request", searched: query };
  const corrections = [];
  const corrected = typed.map((word) => {
    if (word.length < 4 || /\d/.test(word) || words.skip.has(word) || words.knownSet.has(word)) return word;
    if (words.known.some((known) => known.startsWith(word))) return word; // Pagefind finds longer words too
    const better = correction(word, words);
    if (better) corrections.push([word, better]);
    return better || word;
  });
  const meaningful = corrected.filter((word) => !words.skip.has(word));
  const terms = meaningful.length ? meaningful : corrected;
  const categories = new Set();
  for (const [label, names] of Object.entries(words.categories)) {
    if (names.some((name) => mentions(corrected, meaningful, tokens(name)))) categories.add(label);
  }
  const intent = typed.some((word) => words.offering.includes(word)) ? "offer" : "request";
  // The query as searched: as typed, with each corrected word replaced.
  const searched = corrections.reduce((text, [wrong, better]) =>
    text.replace(new RegExp(`(^|[^\\p{L}\\p{N}])${wrong}(?=$|[^\\p{L}\\p{N}])`, "giu"), `$1${better}`), query);
  return { typed, terms, corrections, categories, intent, searched };
}

// Does the query name this category word? A one-word name matches a meaningful word (or a word it
// begins, as Pagefind matches "drive" to "driver"); a phrase must appear in the query as written.
function mentions(all, meaningful, name) {
  if (name.length === 1) {
    return meaningful.some((word) => stem(word) === stem(name[0]) || (word.length >= 4 && name[0].startsWith(word)));
  }
  for (let i = 0; i + name.length <= all.length; i++) {
    if (name.every((part, k) => stem(all[i + k]) === stem(part))) return true;
  }
  return false;
}

async function find(pagefind, query, filters, words) {
  const read = readQuery(query, words);
  const search = await pagefind.search(read.terms.length ? read.terms.join(" ") : null, { filters });
  let found = search.results.map((result) => ({ result, score: result.score, matched: read.terms.length }));
  let fewer = null;
  if (found.length < PAGE_SIZE && read.terms.length > 1) {
    // Fewer words: each alone, after the pages holding all of them; pages holding more words first.
    const byPage = new Map(found.map((entry) => [entry.result.id, entry]));
    const partial = new Map();
    const useful = [];
    const alone = await Promise.all(read.terms.map((term) => pagefind.search(term, { filters })));
    for (const [index, search] of alone.entries()) {
      if (search.results.length) useful.push(read.terms[index]);
      for (const result of search.results) {
        if (byPage.has(result.id)) continue;
        const entry = partial.get(result.id) || { result, score: 0, matched: 0 };
        entry.score += result.score;
        entry.matched += 1;
        partial.set(result.id, entry);
      }
    }
    if (partial.size) {
      fewer = { all: found.length, words: useful };
      found = [...found, ...[...partial.values()].sort((a, b) => b.matched - a.matched || b.score - a.score)];
    }
  }
  if (read.categories.size && found.length) found = await offersFirst(found, read);
  return { found, fewer, read };
}

// Re-order the first results: a member (or event) offering what the query is about before one that
// only needs it, or the other way round when the query offers help.
async function offersFirst(found, read) {
  const head = found.slice(0, RERANKED);
  await Promise.all(head.map(async (entry) => { entry.data = await entry.result.data(); }));
  for (const entry of head) {
    const filters = entry.data.filters || {};
    const offers = (filters.offer || []).some((label) => read.categories.has(label));
    const needs = (filters.need || []).some((label) => read.categories.has(label));
    if (offers === needs) continue;
    const wanted = read.intent === "offer" ? needs : offers;
    entry.score *= wanted ? OFFER_BOOST : 1 / OFFER_BOOST;
  }
  head.sort((a, b) => b.matched - a.matched || b.score - a.score);
  return [...head, ...found.slice(RERANKED)];
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

// An excerpt taken from a page's hidden search words (plugins/hub/search/words.py, Line.text) would
// show a list of synonyms: the page's one-line summary says more.
const HIDDEN_WORDS = /(?:^|\. )(?:Offers|Looking for|Topics|Access|Places): /;

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
  const excerpt = data.excerpt || "";
  const summary = data.meta.summary;
  const hidden = HIDDEN_WORDS.test(excerpt.replace(/<\/?mark>/g, ""));
  item.append(heading, details, hidden && summary ? Object.assign(document.createElement("p"), { textContent: summary })
    : excerptNodes(excerpt));
  return item;
}

async function showMore(run) {
  const batch = pending.splice(0, PAGE_SIZE);
  const items = await Promise.all(batch.map((entry) => entry.data || entry.result.data()));
  if (run !== latest) return;
  items.forEach((data) => list.append(resultItem(data)));
  moreButton.hidden = pending.length === 0;
}

const quoted = (text) => `“${text}”`;

function describe(count, query, filters) {
  const what = count === 1 ? "1 result" : `${count} results`;
  const parts = [];
  if (query) parts.push(`for ${quoted(query)}`);
  const chosen = Object.values(filters).flatMap((f) => f.any);
  if (chosen.length) parts.push(`filtered by ${chosen.join(", ")}`);
  return `${what} ${parts.join(" ")}`.trim() + ".";
}

// What the status line says: what was searched for, when it is not exactly what was typed.
function explain(typed, filters, { found, fewer, read }) {
  const said = [];
  const query = read.searched;
  if (read.corrections.length) {
    said.push(`Showing results for ${read.corrections.map(([, better]) => quoted(better)).join(", ")} ` +
      `(you typed ${read.corrections.map(([typed]) => quoted(typed)).join(", ")}).`);
  }
  if (fewer && !fewer.all) {
    said.push(`No results for all of ${quoted(query)}; showing results for ${fewer.words.map(quoted).join(" or ")}.`);
  } else if (fewer) {
    said.push(`${fewer.all === 1 ? "1 result has" : `${fewer.all} results have`} all of ${quoted(query)}; ` +
      `after them, results for ${fewer.words.map(quoted).join(" or ")}.`);
  }
  said.push(describe(found.length, fewer ? "" : query, filters));
  return said.join(" ");
}

async function run() {
  const run = ++latest;
  const { query, filters, data } = selection();
  remember(data);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    section.hidden = true;
    statusLine.textContent = "";
    delete statusLine.dataset.done;
    return;
  }
  statusLine.textContent = "Searching…";
  delete statusLine.dataset.done;
  try {
    const [pagefind, words] = await Promise.all([loadPagefind(), loadWords()]);
    const outcome = await find(pagefind, query, filters, words);
    if (run !== latest) return;
    pending = outcome.found.slice();
    list.replaceChildren();
    section.hidden = pending.length === 0;
    await showMore(run);
    if (run !== latest) return;
    statusLine.textContent = outcome.found.length
      ? explain(query, filters, outcome)
      : `No results ${query ? `for ${quoted(query)}` : ""}. Try other words, remove a filter, or browse below.`.replace(/\s+\./, ".");
    statusLine.dataset.done = query; // for tests and tools: the results on the page are this query's
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
