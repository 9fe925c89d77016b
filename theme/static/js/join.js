// The /join/ page: makes a member's profile (the YAML of members/<slug>.yaml) in the browser from the
// form, checks it against the member JSON Schema the hub generates from its declarations (a small
// checker for the keywords that schema uses: no library, nothing from another site), and offers ways
// to send it. "Update" (?member=slug) starts from the member's public profile in the hub's members.json.
const config = JSON.parse(document.getElementById("join-config").textContent);
const form = document.getElementById("join-form");
const status = document.getElementById("join-status");
const result = document.getElementById("join-result");
const summary = document.getElementById("join-problems");
const NOUNS = { offers: "offer", needs: "need" };
const ITEM_FIELDS = ["category", "title", "details", "until"];
const templates = {};
let carried = {}; // fields the form does not ask but an update keeps (joined, logo, feeds)
let updating = null; // the slug of the profile being updated

function announce(text) {
  status.textContent = "";
  window.setTimeout(() => { status.textContent = text; }, 50);
}

// One rule with the hub's slugify (plugins/hub/core/slugs.py): accents and apostrophes dropped.
export function slugify(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['’]/g, "").toLowerCase()
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

// The profile, and where each of its values came from in the form (path -> element id).
function collect() {
  const profile = {};
  const where = {};
  for (const name of ["name", "type", "summary", "description", "website"]) {
    if (text(name)) profile[name] = text(name);
    where[name] = name;
  }
  for (const name of ["areas", "themes"]) {
    if (list(name).length) profile[name] = list(name);
    where[name] = name;
  }
  for (const kind of ["offers", "needs"]) {
    const items = [];
    groups(kind).forEach((group, index) => {
      const item = {};
      for (const field of ITEM_FIELDS) {
        const value = group.querySelector(`[data-field="${field}"]`).value.trim();
        if (value) item[field] = value;
      }
      if (Object.keys(item).length && group.dataset.areas) item.areas = JSON.parse(group.dataset.areas);
      if (Object.keys(item).length) {
        where[`${kind}.${items.length}`] = `${kind}-${index}-title`;
        for (const field of ITEM_FIELDS) where[`${kind}.${items.length}.${field}`] = `${kind}-${index}-${field}`;
        items.push(item);
      }
    });
    if (items.length) profile[kind] = items;
  }
  const contact = {};
  for (const name of ["name", "email", "phone"]) {
    if (text(`contact-${name}`)) contact[name] = text(`contact-${name}`);
    where[`contact.${name}`] = `contact-${name}`;
  }
  if (Object.keys(contact).length) {
    contact.public = document.getElementById("contact-public").checked;
    profile.contact = contact;
  }
  for (const [name, value] of Object.entries(carried)) {
    if (!(name in profile)) profile[name] = value;
  }
  profile.reviewed = today(); // sending the form confirms the profile
  return { profile, where };
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
  const label = element && document.querySelector(`label[for="${CSS.escape(id)}"]`);
  const words = label ? label.firstChild.textContent.trim() : id;
  const group = element && element.closest(".item");
  return group ? `${group.querySelector("legend").textContent}: ${words.toLowerCase()}` : words;
}

function message(problem, label) {
  const { keyword, schema } = problem;
  const field = `“${label}”`;
  if (keyword === "required") return `Fill in ${field}`;
  if (keyword === "maxLength") return `${field} is ${problem.value.length} characters long; the limit is ${schema.maxLength}`;
  if (keyword === "minItems") return `${field}: give at least ${schema.minItems}`;
  if (keyword === "maxItems") return `${field}: give at most ${schema.maxItems}`;
  if (keyword === "uniqueItems") return `${field}: “${problem.value}” is there twice`;
  if (keyword === "enum") return `${field}: choose one from the list`;
  if (schema.format === "email") return `${field}: write an email address, like name@example.org`;
  if (schema.format === "date") return `${field}: write the date as YYYY-MM-DD, e.g. 2027-03-31`;
  if (schema.format === "uri" || /^\^\(http/.test(schema.pattern || "")) return `${field}: write the whole address, starting https://`;
  if (schema.pattern === "^[^\\n]*$") return `${field} must fit on one line`;
  if (/0-9 \(\)-/.test(schema.pattern || "")) return `${field}: use digits, spaces, brackets and “-” only`;
  return `${field} is not in the right form`;
}

function elementFor(path, where) {
  const keys = [path.join("."), path.slice(0, -1).join("."), path[0]];
  for (const key of keys) if (where[key]) return where[key];
  return "name";
}

function clearProblems() {
  form.querySelectorAll(".error").forEach((element) => element.remove());
  form.querySelectorAll("[aria-invalid]").forEach((element) => {
    element.removeAttribute("aria-invalid");
    const described = (element.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.endsWith("-error"));
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
    element.before(error);
    element.setAttribute("aria-invalid", "true");
    element.setAttribute("aria-describedby", [element.getAttribute("aria-describedby"), error.id].filter(Boolean).join(" "));
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${id}`;
    link.textContent = text;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      element.focus();
    });
    item.append(link);
    list.append(item);
  }
  summary.hidden = false;
  summary.focus();
}

// --- YAML as a person would write it ----------------------------------------------------------------

const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function plain(value) {
  return /^[^\s\-?:,[\]{}#&*!|>'"%@`\d]/.test(value) && !/(: |\s#|:$|\s$|\n|\t)/.test(value) && !RESERVED.test(value);
}

function scalar(value, key) {
  if (typeof value === "boolean") return String(value);
  if ((key === "until" || key === "reviewed" || key === "joined" || key === "updated") && FORMATS.date.test(value)) {
    return value;
  }
  return plain(value) ? value : JSON.stringify(value);
}

function block(value, indent) {
  const lines = value.split("\n");
  if (lines.length > 1 && !lines.some((line) => /\s$/.test(line) || line.includes("\t"))) {
    return `|-\n${lines.map((line) => (line ? " ".repeat(indent) + line : "")).join("\n")}`;
  }
  return null;
}

function emit(value, schema, order, indent = 0) {
  const pad = " ".repeat(indent);
  const keys = order.filter((key) => key in value);
  return keys.map((key) => {
    const item = value[key];
    const itemSchema = schema.properties[key];
    if (Array.isArray(item)) {
      if (item.every((entry) => typeof entry === "string" && plain(entry) && !/[,[\]{}]/.test(entry))) {
        return `${pad}${key}: [${item.join(", ")}]`;
      }
      if (item.every((entry) => typeof entry === "string")) {
        return `${pad}${key}:\n${item.map((entry) => `${pad}  - ${scalar(entry, key)}`).join("\n")}`;
      }
      return `${pad}${key}:\n${item.map((entry) => `${pad}  - ${emit(entry, itemSchema.items, config.order.item, indent + 4).trimStart()}`).join("\n")}`;
    }
    if (TYPES.object(item)) return `${pad}${key}:\n${emit(item, itemSchema, config.order[key], indent + 2)}`;
    const multi = typeof item === "string" ? block(item, indent + 2) : null;
    return `${pad}${key}: ${multi || scalar(item, key)}`;
  }).join("\n");
}

export function toYaml(profile) {
  return `${emit(profile, config.schema, config.order.member)}\n`;
}

// --- Sending it -----------------------------------------------------------------------------------

let download = null;

function showResult(profile, yaml) {
  const slug = updating || slugify(profile.name);
  const file = `${config.membersFolder}/${slug}.yaml`;
  document.getElementById("join-file").textContent = file;
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
  const subject = `${updating ? "Update" : "New"} profile: ${profile.name}`;
  const body = `Hello,\n\nPlease ${updating ? "update" : "add"} our profile on the hub (${file}):\n\n${yaml}`;
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

function localImage(url) {
  const at = url.indexOf("/images/");
  return at >= 0 && !/^https:\/\//.test(url.slice(0, at)) ? url.slice(at + 1) : url;
}

async function loadMember(slug) {
  const loaded = document.getElementById("join-loaded");
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return;
  let member;
  try {
    const response = await fetch(config.membersJson);
    member = (await response.json()).members.find((entry) => entry.slug === slug);
  } catch {
    loaded.textContent = "The current profile could not be loaded; you can still fill in the form.";
    return;
  }
  if (!member) {
    loaded.textContent = `There is no member “${slug}” on the hub: fill in the form to join.`;
    return;
  }
  updating = slug;
  for (const name of ["name", "type", "summary", "description", "website", "areas", "themes"]) setValue(name, member[name]);
  for (const kind of ["offers", "needs"]) {
    (member[kind] || []).forEach((item, index) => {
      const group = groups(kind)[index] || addGroup(kind, false);
      for (const field of ITEM_FIELDS) setValue(group.querySelector(`[data-field="${field}"]`).id, item[field]);
      // An offer's own areas (not asked in the form) are kept; members.json gives the member's when it has none.
      if (item.areas && item.areas.join("|") !== (member.areas || []).join("|")) group.dataset.areas = JSON.stringify(item.areas);
    });
  }
  if (member.contact) {
    for (const name of ["name", "email", "phone"]) setValue(`contact-${name}`, member.contact[name]);
    document.getElementById("contact-public").checked = true;
  }
  carried = {};
  for (const name of ["joined", "updated", "news_feed", "events_feed"]) if (member[name]) carried[name] = member[name];
  if (member.logo) carried.logo = localImage(member.logo);
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
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearProblems();
  result.hidden = true;
  const { profile, where } = collect();
  const problems = check(config.schema, profile);
  if (problems.length) {
    showProblems(problems, where);
    announce(`${problems.length === 1 ? "One answer needs" : `${problems.length} answers need`} changing.`);
    return;
  }
  showResult(profile, toYaml(profile));
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
