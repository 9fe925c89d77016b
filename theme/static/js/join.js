// The /join/ page: makes a member's profile (the YAML of members/<slug>.yaml) in the browser from the
// form, checks it against the member JSON Schema the hub generates from its declarations (a small
// checker for the keywords that schema uses: no library, nothing from another site), and offers ways
// to send it. "Update" (?member=slug) starts from the member's public profile in the hub's members.json,
// and keeps every field the form does not ask as it is.
//
// Private means private: a profile is public (the hub's repository is), so it holds a contact only when
// it is to be published (`public: true`). Contact details not to be published never go in the profile
// the page shows, copies, downloads or sends to GitHub: only in the email to the coordinators, in a
// part for them alone. Who publishes what follows the member's latest word, as route_contact does
// (plugins/hub/contribute/private.py).
const config = JSON.parse(document.getElementById("join-config").textContent);
const form = document.getElementById("join-form");
const status = document.getElementById("join-status");
const result = document.getElementById("join-result");
const summary = document.getElementById("join-problems");
const NOUNS = { offers: "offer", needs: "need" };
const ITEM_FIELDS = ["category", "title", "details", "until"]; // an offer's or need's fields the form asks
// The member's fields the form asks (or sets: `reviewed`); the others are kept as the profile has them.
const ASKED = ["name", "type", "summary", "description", "website", "areas", "localities", "themes", "offers",
  "needs", "contact", "reviewed", "news_feed", "events_feed"];
const TEXTS = ["name", "type", "summary", "description", "website", "news_feed", "events_feed"];
const LISTS = ["areas", "themes"];
const DETAILS = config.order.contact.filter((name) => name in config.contactLabels); // name, email, phone
const templates = {};
let carried = {}; // fields the form does not ask but an update keeps (keys, joined, logo...)
let updating = null; // the slug of the profile being updated
let published = null; // the contact the hub publishes now for the member updated (members.json has no other)
let localityOrder = []; // the updated profile's neighbourhoods, in its order
let unlisted = []; // its neighbourhoods the form has no box for (kept as they are)
const taken = new Map(); // slug -> whether a member's page answers at that address

function announce(text) {
  status.textContent = "";
  window.setTimeout(() => { status.textContent = text; }, 50);
}

// One rule with the hub's folded_slug (plugins/hub/core/slugs.py): letters of other alphabets that look
// like Latin ones read as those (config.lookAlikes: Cyrillic and Greek), full-width forms, accents and
// apostrophes dropped, so a name written to look like a member's gives that member's file name.
export function slugify(text) {
  const plain = [...text.normalize("NFKC")].map((char) => config.lookAlikes[char] || char).join("");
  return plain.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['’]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

// --- Offers and needs: repeatable groups --------------------------------------------------------

function groups(kind) {
  return [...form.querySelectorAll(`[data-items="${kind}"] > .item`)];
}

function renumber(kind) {
  const noun = NOUNS[kind];
  groups(kind).forEach((group, index) => {
    group.querySelector("legend").textContent = `${noun[0].toUpperCase()}${noun.slice(1)} ${index + 1}`;
    for (const field of ITEM_FIELDS) {
      const element = group.querySelector(`[data-field="${field}"]`);
      const id = `${kind}-${index}-${field}`;
      const hint = group.querySelector(`#${CSS.escape(element.id)}-hint`);
      const label = group.querySelector(`label[for="${CSS.escape(element.id)}"]`);
      element.id = id;
      element.name = `${kind}.${index}.${field}`;
      label.htmlFor = id;
      if (hint) {
        hint.id = `${id}-hint`;
        element.setAttribute("aria-describedby", hint.id);
      }
    }
    group.querySelector("[data-remove]").textContent = `Remove ${noun} ${index + 1}`;
  });
}

function addGroup(kind, focus = true) {
  const group = templates[kind].cloneNode(true);
  form.querySelector(`[data-items="${kind}"]`).append(group);
  renumber(kind);
  if (focus) {
    group.querySelector("select").focus();
    announce(`${group.querySelector("legend").textContent} added`);
  }
  return group;
}

function clearGroup(group) {
  group.querySelectorAll("input, select, textarea").forEach((element) => { element.value = ""; });
  delete group.dataset.carry;
}

function removeGroup(group) {
  const kind = group.dataset.item;
  const all = groups(kind);
  const index = all.indexOf(group);
  const name = group.querySelector("legend").textContent;
  if (all.length === 1) { // the last one is emptied rather than removed, so there is always one to fill
    clearGroup(group);
    group.querySelector("select").focus();
    announce(`${name} cleared`);
    return;
  }
  group.remove();
  renumber(kind);
  const rest = groups(kind);
  const next = rest[Math.min(index, rest.length - 1)];
  next.querySelector("select").focus();
  announce(`${name} removed; ${next.querySelector("legend").textContent} is next`);
}

// --- Neighbourhoods: a box each, by area (or a text field when the hub lists too many) ------------

const localityField = document.getElementById("localities");
const localityBoxes = () => [...form.querySelectorAll('input[name="localities"][type="checkbox"]')];
const fold = (text) => text.trim().toLowerCase();

// The neighbourhoods ticked, as [{name, area, element}], once each, in the profile's order first.
function chosenLocalities() {
  const chosen = [];
  for (const box of localityBoxes().filter((element) => element.checked)) {
    if (!chosen.some((entry) => fold(entry.name) === fold(box.dataset.place))) {
      chosen.push({ name: box.dataset.place, area: box.dataset.area, element: box });
    }
  }
  const rank = (name) => {
    const at = localityOrder.findIndex((known) => fold(known) === fold(name));
    return at < 0 ? localityOrder.length : at;
  };
  return chosen.map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.index - b.index);
}

function localities() {
  if (localityField.tagName === "INPUT") return list("localities");
  return [...chosenLocalities().map((entry) => entry.name), ...unlisted];
}

function setLocalities(names, areas) {
  localityOrder = [...names];
  unlisted = [];
  if (localityField.tagName === "INPUT") {
    setValue("localities", names);
    return;
  }
  const inAreas = new Set(areas.map(fold));
  for (const name of names) {
    const boxes = localityBoxes().filter((box) => fold(box.dataset.place) === fold(name));
    const box = boxes.find((element) => inAreas.has(fold(element.dataset.area))) || boxes[0];
    if (box) box.checked = true;
    else unlisted.push(name);
  }
}

// --- The profile from the form --------------------------------------------------------------------

function text(id) {
  const element = document.getElementById(id);
  return element ? element.value.trim() : "";
}

function list(id) {
  return text(id).split(/[,;\n]/).map((part) => part.trim()).filter(Boolean);
}

function today() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const idOf = (name) => name.replace(/_/g, "-");

// The answer to "Publish contact details?": true, false, or null (leave it as it is; no answer).
function consent() {
  const chosen = form.querySelector('input[name="contact.public"]:checked');
  if (!chosen || chosen.value === "keep") return null;
  return chosen.value === "yes";
}

// The contact details written in a contact: name, email, phone, in order, the empty ones left out.
export function detailsOf(contact) {
  const found = {};
  for (const name of DETAILS) {
    if (contact && contact[name] !== undefined && contact[name] !== null && contact[name] !== "") found[name] = contact[name];
  }
  return found;
}

// As route_contact (plugins/hub/contribute/private.py), except that here the contact's fields start from
// what the hub publishes, so they are the whole contact: a field emptied takes that detail away (the
// issue form, which shows nothing, keeps what an empty answer leaves). The member's latest word decides:
// no answer leaves it as it is (a new profile publishes nothing); stopping sends the details in the
// fields to the coordinators, to keep privately. Returns [the contact the profile publishes, or null;
// the details for the coordinators only].
export function routeContact(given, answer, current) {
  const publishedNow = current ? detailsOf(current) : {};
  const publish = answer === null ? Object.keys(publishedNow).length > 0 : answer;
  const details = detailsOf(given);
  if (publish) return [Object.keys(details).length ? { ...details, public: true } : null, {}];
  return [null, details];
}

// The profile, the contact details for the coordinators only, the values checked (the profile with
// those details too, so a mistyped email is caught wherever it goes) and where each value came from
// in the form (path -> element id).
function collect() {
  const profile = {};
  const where = {};
  for (const name of TEXTS) {
    if (text(idOf(name))) profile[name] = text(idOf(name));
    where[name] = idOf(name);
  }
  for (const name of LISTS) {
    if (list(name).length) profile[name] = list(name);
    where[name] = name;
  }
  if (localities().length) profile.localities = localities();
  where.localities = "localities";
  for (const kind of ["offers", "needs"]) {
    const items = [];
    groups(kind).forEach((group, index) => {
      const item = {};
      for (const field of ITEM_FIELDS) {
        let value = group.querySelector(`[data-field="${field}"]`).value.trim();
        // A browser without a date picker takes the day as typed: 31/03/2027 is written as the files do.
        const dayFirst = field === "until" && value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
        if (dayFirst) value = `${dayFirst[3]}-${dayFirst[2].padStart(2, "0")}-${dayFirst[1].padStart(2, "0")}`;
        if (value) item[field] = value;
      }
      if (!Object.keys(item).length) return;
      // What the form does not ask of an offer (its own areas) is kept as it was.
      Object.assign(item, { ...JSON.parse(group.dataset.carry || "{}"), ...item });
      where[`${kind}.${items.length}`] = `${kind}-${index}-title`;
      for (const field of ITEM_FIELDS) where[`${kind}.${items.length}.${field}`] = `${kind}-${index}-${field}`;
      items.push(item);
    });
    if (items.length) profile[kind] = items;
  }
  const given = {};
  for (const name of DETAILS) {
    if (text(`contact-${name}`)) given[name] = text(`contact-${name}`);
    where[`contact.${name}`] = `contact-${name}`;
  }
  const answer = consent();
  const [contact, kept] = routeContact(given, answer, published);
  if (contact) profile.contact = contact;
  for (const [name, value] of Object.entries(carried)) {
    if (!(name in profile)) profile[name] = value;
  }
  profile.reviewed = today(); // sending the form confirms the profile
  const checked = { ...profile };
  if (Object.keys(given).length) checked.contact = { ...(contact || {}), ...given, public: Boolean(contact) };
  return { profile, kept, checked, where, stopped: answer === false && Boolean(published) };
}

// Neighbourhoods lie in the member's areas (as `invoke validate` checks): Tile Hill needs Coventry.
function localityProblems(profile) {
  if (localityField.tagName === "INPUT") return [];
  const areas = new Set((profile.areas || []).map(fold));
  return chosenLocalities().filter((entry) => !areas.has(fold(entry.area))).map((entry) => ({
    path: ["localities"], keyword: "area", value: entry.name, area: entry.area, schema: {},
  }));
}

// --- Checking against the member JSON Schema ------------------------------------------------------
// The keywords the hub's generated schema uses: type, properties, required, additionalProperties,
// items, minItems, maxItems, uniqueItems, minLength, maxLength, pattern, format, enum.

const TYPES = {
  object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
  array: Array.isArray, string: (v) => typeof v === "string", boolean: (v) => typeof v === "boolean",
};
const FORMATS = {
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uri: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i,
};

export function check(schema, value, path = [], problems = []) {
  const problem = (keyword, extra = {}) => problems.push({ path, keyword, schema, value, ...extra });
  if (schema.type && TYPES[schema.type] && !TYPES[schema.type](value)) {
    problem("type");
    return problems;
  }
  if (schema.enum && !schema.enum.includes(value)) problem("enum");
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) problem("minLength");
    if (schema.maxLength !== undefined && value.length > schema.maxLength) problem("maxLength");
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) problem("pattern");
    if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format].test(value)) problem("format");
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problem("minItems");
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problem("maxItems");
    if (schema.uniqueItems) {
      const seen = new Set();
      value.forEach((item, index) => {
        const key = JSON.stringify(typeof item === "string" ? item.toLowerCase() : item);
        if (seen.has(key)) problems.push({ path: [...path, index], keyword: "uniqueItems", schema, value: item });
        seen.add(key);
      });
    }
    if (schema.items) value.forEach((item, index) => check(schema.items, item, [...path, index], problems));
  }
  if (TYPES.object(value)) {
    for (const name of schema.required || []) {
      if (!(name in value)) problems.push({ path: [...path, name], keyword: "required", schema, value: undefined });
    }
    for (const [name, item] of Object.entries(value)) {
      if (schema.properties && name in schema.properties) check(schema.properties[name], item, [...path, name], problems);
      else if (schema.additionalProperties === false) problems.push({ path: [...path, name], keyword: "additionalProperties" });
    }
  }
  return problems;
}

function labelOf(id) {
  const element = document.getElementById(id);
  const label = element && (element.tagName === "FIELDSET" ? element.querySelector("legend")
    : document.querySelector(`label[for="${CSS.escape(id)}"]`));
  const words = label ? label.firstChild.textContent.trim() : id;
  const group = element && element.closest(".item");
  return group ? `${group.querySelector("legend").textContent}: ${words.toLowerCase()}` : words;
}

function message(problem, label) {
  const { keyword, schema } = problem;
  const field = `“${label}”`;
  if (keyword === "area") return `${field}: ${problem.value} is in ${problem.area}; add ${problem.area} to “${labelOf("areas")}”, or untick ${problem.value}`;
  if (keyword === "required") return `Fill in ${field}`;
  if (keyword === "maxLength") return `${field} is ${problem.value.length} characters long; the limit is ${schema.maxLength}`;
  if (keyword === "minItems") return `${field}: give at least ${schema.minItems}`;
  if (keyword === "maxItems") return `${field}: give at most ${schema.maxItems}`;
  if (keyword === "uniqueItems") return `${field}: “${problem.value}” is there twice`;
  if (keyword === "enum") return `${field}: choose one from the list`;
  if (schema.format === "email") return `${field}: write an email address, like name@example.org`;
  if (schema.format === "date") return `${field}: write the date like 31/03/2027`;
  if (schema.format === "uri" || /^\^\(http/.test(schema.pattern || "")) return `${field}: write the whole address, starting https://`;
  if (schema.pattern === "^[^\\n]*$") return `${field} must fit on one line`;
  if (/0-9 \(\)-/.test(schema.pattern || "")) return `${field}: use digits, spaces, brackets and “-” only`;
  return `${field} is not in the right form`;
}

function elementFor(path, where) {
  const keys = [path.join("."), path.slice(0, -1).join("."), path[0]];
  for (const key of keys) if (where[key] && document.getElementById(where[key])) return where[key];
  return "name";
}

// What a problem's link and the person's next key press go to: the field, or a group's first box.
function focusable(element) {
  return element.tagName === "FIELDSET" ? element.querySelector("input, select, textarea") : element;
}

function clearProblems() {
  form.querySelectorAll(".error").forEach((element) => element.remove());
  form.querySelectorAll("[aria-invalid], [aria-describedby]").forEach((element) => {
    element.removeAttribute("aria-invalid");
    const described = (element.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("-error"));
    if (described.length) element.setAttribute("aria-describedby", described.join(" "));
    else element.removeAttribute("aria-describedby");
  });
  summary.hidden = true;
}

function showProblems(problems, where) {
  const list = document.getElementById("join-problems-list");
  list.replaceChildren();
  const shown = new Set();
  const placed = problems.map((problem) => ({ problem, id: elementFor(problem.path, where) }));
  // In the order of the form, so the list reads as the page does.
  placed.sort((a, b) => {
    const position = document.getElementById(a.id).compareDocumentPosition(document.getElementById(b.id));
    return position & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : position & Node.DOCUMENT_POSITION_PRECEDING ? 1 : 0;
  });
  for (const { problem, id } of placed) {
    const text = message(problem, labelOf(id));
    if (shown.has(id)) continue; // one message per field, the first
    shown.add(id);
    const element = document.getElementById(id);
    const error = document.createElement("p");
    error.className = "error";
    error.id = `${id}-error`;
    error.textContent = text;
    if (element.tagName === "FIELDSET") {
      element.querySelector("legend").after(error); // a group is described by it; its boxes stay as they are
    } else {
      element.before(error);
      element.setAttribute("aria-invalid", "true");
    }
    element.setAttribute("aria-describedby", [element.getAttribute("aria-describedby"), error.id].filter(Boolean).join(" "));
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${id}`;
    link.textContent = text;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      focusable(element).focus();
    });
    item.append(link);
    list.append(item);
  }
  summary.hidden = false;
  summary.focus();
}

// --- YAML as a person would write it ----------------------------------------------------------------

const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~|=)$/i;
const BREAKS = /[\u0085\u2028\u2029\ufeff]/; // line breaks to YAML (and a byte order mark): always escaped

function plain(value) {
  return /^[^\s\-+.?:,[\]{}#&*!|>'"%@`\d]/.test(value) && !/(: |\s#|:$|\s$|\n|\t)/.test(value) &&
    !RESERVED.test(value) && !BREAKS.test(value);
}

function quoted(value) {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029\ufeff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function scalar(value, schema) {
  if (typeof value === "boolean") return String(value);
  if (schema && schema.format === "date" && FORMATS.date.test(value)) return value;
  return plain(value) ? value : quoted(value);
}

// Text of several lines as a literal block (`|`: what it says, with the line break a file ends it with).
function block(value, indent) {
  const lines = value.split("\n");
  if (lines.length > 1 && !/^\s/.test(value) && !BREAKS.test(value) &&
      !lines.some((line) => /\s$/.test(line) || line.includes("\t"))) {
    return `|\n${lines.map((line) => (line ? " ".repeat(indent) + line : "")).join("\n")}`;
  }
  return null;
}

function emit(value, schema, order, indent = 0) {
  const pad = " ".repeat(indent);
  const keys = [...order.filter((key) => key in value), ...Object.keys(value).filter((key) => !order.includes(key))];
  return keys.map((key) => {
    const item = value[key];
    const itemSchema = (schema.properties || {})[key] || {};
    if (Array.isArray(item)) {
      if (item.every((entry) => typeof entry === "string" && plain(entry) && !/[,[\]{}]/.test(entry))) {
        return `${pad}${key}: [${item.join(", ")}]`;
      }
      if (item.every((entry) => typeof entry === "string")) {
        return `${pad}${key}:\n${item.map((entry) => `${pad}  - ${scalar(entry, itemSchema.items)}`).join("\n")}`;
      }
      return `${pad}${key}:\n${item.map((entry) => `${pad}  - ${emit(entry, itemSchema.items, config.order.item, indent + 4).trimStart()}`).join("\n")}`;
    }
    if (TYPES.object(item)) return `${pad}${key}:\n${emit(item, itemSchema, config.order[key] || [], indent + 2)}`;
    const multi = typeof item === "string" ? block(item, indent + 2) : null;
    return `${pad}${key}: ${multi || scalar(item, itemSchema)}`;
  }).join("\n");
}

export function toYaml(profile) {
  return `${emit(profile, config.schema, config.order.member)}\n`;
}

// --- A new profile's own name: never an existing member's ---------------------------------------------

// Whether a member's page answers at the address a profile named `slug` would have: true, false, or
// null when it cannot be told (the page opened from a file, say).
async function isTaken(slug) {
  if (config.reserved.includes(slug)) return true;
  if (!taken.has(slug)) {
    taken.set(slug, fetch(`${config.membersPages}${slug}/`, { method: "HEAD", cache: "no-store" })
      .then((response) => (response.ok ? true : response.status === 404 ? false : null))
      .catch(() => null));
  }
  return taken.get(slug);
}

// The first of `slug`, `slug-2`, `slug-3`... no member has, the member whose it is when `slug` is taken
// (null for a name the hub keeps for a page of its own, such as "letters"), and whether that could be
// told at all (when the hub cannot be asked, the coordinators check it).
async function freeSlug(slug) {
  const first = await isTaken(slug);
  if (first === null) return { slug, existing: null, unknown: true };
  if (!first) return { slug, existing: null, unknown: false };
  const existing = config.reserved.includes(slug) ? null : slug;
  for (let number = 2; number < 100; number += 1) {
    const free = await isTaken(`${slug}-${number}`);
    if (free === null) return { slug: `${slug}-${number}`, existing, unknown: true };
    if (!free) return { slug: `${slug}-${number}`, existing, unknown: false };
  }
  return { slug: `${slug}-${Date.now()}`, existing, unknown: false };
}

// --- Sending it -----------------------------------------------------------------------------------

let download = null;

function contactLines(details) {
  return Object.entries(details).map(([name, value]) => `${config.contactLabels[name]}: ${value}`).join("\n");
}

function privateNote(kept, stopped) {
  const note = document.getElementById("join-private");
  const words = [];
  if (stopped) words.push("Your contact details will no longer be shown on the hub: the profile below has none.");
  if (Object.keys(kept).length) {
    words.push("The contact details you chose not to publish are not in the profile below, which anyone may read " +
      "once it is on the hub or on GitHub, nor in the copy or the download. Only the email to the coordinators " +
      "carries them, in a part for the coordinators only. If you send your profile another way, email the " +
      "coordinators your contact details too.");
  }
  note.replaceChildren(...words.map((sentence) => Object.assign(document.createElement("p"), { textContent: sentence })));
  note.hidden = !words.length;
}

function showResult(profile, yaml, kept, stopped, slug, existing) {
  const file = `${config.membersFolder}/${slug}.yaml`;
  document.getElementById("join-yaml").textContent = yaml;
  const github = document.getElementById("join-github");
  if (config.github) {
    let href = `${config.github}/new/${config.branch}?filename=${encodeURIComponent(file)}&value=${encodeURIComponent(yaml)}`;
    github.dataset.copy = "";
    if (updating) {
      href = `${config.github}/edit/${config.branch}/${file}`;
      github.textContent = "Propose this change on GitHub";
      github.dataset.copy = "yes"; // GitHub opens the file as it is: the new text is copied, to paste over it
    } else if (href.length > 7000) {
      href = `${config.github}/new/${config.branch}?filename=${encodeURIComponent(file)}`;
      github.dataset.copy = "yes";
    }
    github.href = href;
    document.getElementById("join-github-item").hidden = false;
  }
  const takenNote = document.getElementById("join-taken");
  takenNote.hidden = !existing;
  if (existing) {
    document.getElementById("join-taken-page").href = `${config.membersPages}${existing}/`;
    document.getElementById("join-taken-update").href = `${config.joinPage}?member=${existing}`;
  }
  privateNote(kept, stopped);
  const subject = `${updating ? "Update" : "New"} profile: ${profile.name}`;
  const address = new URL(`${config.membersPages}${slug}/`, window.location.href).href;
  let body = updating ? `Hello,\n\nPlease update our profile on the hub, ${address}, to this:\n\n${yaml}`
    : `Hello,\n\nPlease add our profile to the hub, with its page at ${address}:\n\n${yaml}`;
  if (stopped) body += "\nPlease stop publishing our contact details.\n";
  if (Object.keys(kept).length) {
    body += "\n--- For the coordinators only, not to be published ---\n" +
      "Our contact details, to keep privately and not to put on the hub:\n" +
      `${contactLines(kept)}\n--- End of the part for the coordinators only ---\n`;
  }
  document.getElementById("join-email").href =
    `mailto:${config.coordinators}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  if (download) URL.revokeObjectURL(download);
  download = URL.createObjectURL(new Blob([yaml], { type: "text/yaml" }));
  const link = document.getElementById("join-download");
  link.href = download;
  link.download = `${slug}.yaml`;
  result.hidden = false;
  document.getElementById("join-result-heading").focus();
}

async function copy(yaml) {
  try {
    await navigator.clipboard.writeText(yaml);
    announce("The profile is copied: paste it where you need it.");
  } catch {
    const code = document.getElementById("join-yaml");
    window.getSelection().selectAllChildren(code);
    announce("The profile is selected: copy it with Ctrl+C (or Cmd+C).");
  }
}

// --- Updating a profile from the hub's members.json --------------------------------------------------

function setValue(id, value) {
  const element = document.getElementById(id);
  if (element && value !== undefined && value !== null) element.value = Array.isArray(value) ? value.join(", ") : value;
}

// An image as the profile names it: members.json gives one on this site as its address.
function localImage(url) {
  const prefix = config.images.prefix;
  return url.startsWith(prefix) && url.slice(prefix.length).startsWith("images/") ? url.slice(prefix.length) : url;
}

const present = (value) => value !== undefined && value !== null && !(Array.isArray(value) && !value.length);

function notUpdating() {
  document.documentElement.classList.remove("join-update");
}

async function loadMember(slug) {
  const loaded = document.getElementById("join-loaded");
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
    notUpdating();
    return;
  }
  let member;
  try {
    const response = await fetch(config.membersJson);
    member = (await response.json()).members.find((entry) => entry.slug === slug);
  } catch {
    notUpdating();
    loaded.textContent = "The current profile could not be loaded; you can still fill in the form.";
    return;
  }
  if (!member) {
    notUpdating();
    loaded.textContent = `There is no member “${slug}” on the hub: fill in the form to join.`;
    return;
  }
  updating = slug;
  for (const name of [...TEXTS, ...LISTS]) setValue(idOf(name), member[name]);
  setLocalities(member.localities || [], member.areas || []);
  const own = config.order.item.filter((field) => !ITEM_FIELDS.includes(field));
  // Offers and needs past their last day are not on the hub (members.json lists them apart, as `ended`): they
  // are kept too, in the profile's order, so an update never drops one; changing its last day renews it.
  const place = (item) => Number(String(item.anchor || "").split("-").pop()) || 0;
  for (const kind of ["offers", "needs"]) {
    const ended = (member.ended || []).filter((item) => String(item.anchor || "").startsWith(`${NOUNS[kind]}-`));
    [...(member[kind] || []), ...ended].sort((a, b) => place(a) - place(b)).forEach((item, index) => {
      const group = groups(kind)[index] || addGroup(kind, false);
      for (const field of ITEM_FIELDS) setValue(group.querySelector(`[data-field="${field}"]`).id, item[field]);
      // What the form does not ask of an offer is kept: its own areas (members.json gives the member's
      // when it has none), and any field added to offers later.
      const carry = {};
      for (const field of own) if (present(item[field])) carry[field] = item[field];
      if (carry.areas && carry.areas.join("|") === (member.areas || []).join("|")) delete carry.areas;
      if (Object.keys(carry).length) group.dataset.carry = JSON.stringify(carry);
    });
  }
  const now = document.getElementById("contact-now");
  published = member.contact && Object.keys(detailsOf(member.contact)).length ? member.contact : null;
  if (published) {
    for (const name of DETAILS) setValue(`contact-${name}`, published[name]);
    now.textContent = "Now: the hub publishes the contact details above.";
  } else {
    now.textContent = "Now: the hub publishes no contact details for you.";
  }
  now.hidden = false;
  document.getElementById("contact-public").setAttribute("aria-describedby", "contact-public-hint contact-now");
  document.getElementById("contact-public-keep").checked = true;
  carried = {};
  for (const name of config.order.member) {
    if (!ASKED.includes(name) && present(member[name])) {
      carried[name] = config.images.fields.includes(name) ? localImage(member[name]) : member[name];
    }
  }
  loaded.textContent = `This is the current profile of ${member.name}. Change what needs changing, then press ` +
    "Make my profile. Contact details that are not published are not shown here: if they have not changed, " +
    "leave them empty and the coordinators keep the ones they have.";
}

// --- Wiring ---------------------------------------------------------------------------------------

for (const kind of Object.keys(NOUNS)) {
  templates[kind] = groups(kind)[0].cloneNode(true);
  clearGroup(templates[kind]);
}
form.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add]");
  const remove = event.target.closest("[data-remove]");
  if (add) addGroup(add.dataset.add);
  if (remove) removeGroup(remove.closest(".item"));
});
let making = 0; // the latest press of "Make my profile": an earlier one still checking a name gives way
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const press = ++making;
  clearProblems();
  result.hidden = true;
  const { profile, kept, checked, where, stopped } = collect();
  const problems = [...check(config.schema, checked), ...localityProblems(profile)];
  if (problems.length) {
    showProblems(problems, where);
    announce(`${problems.length === 1 ? "One answer needs" : `${problems.length} answers need`} changing.`);
    return;
  }
  let slug = updating;
  let existing = null;
  let unknown = false;
  if (!updating) ({ slug, existing, unknown } = await freeSlug(slugify(profile.name) || "member"));
  if (press !== making) return;
  showResult(profile, toYaml(profile), kept, stopped, slug, existing);
  document.getElementById("join-unknown").hidden = !unknown;
});
document.getElementById("join-copy").addEventListener("click", () => copy(document.getElementById("join-yaml").textContent));
document.getElementById("join-github").addEventListener("click", (event) => {
  if (event.currentTarget.dataset.copy) copy(document.getElementById("join-yaml").textContent);
});
document.getElementById("join-edit").addEventListener("click", () => {
  result.hidden = true;
  document.getElementById("name").focus();
});
const requested = new URLSearchParams(window.location.search).get("member");
if (requested) loadMember(requested);
else notUpdating();
