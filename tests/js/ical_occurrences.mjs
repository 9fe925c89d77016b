// Second, independent reading of the hub's .ics files: ical.js (Mozilla's parser, used by
// Thunderbird). Prints every occurrence overlapping [from, until) as JSON, computed only from the
// file: its own VTIMEZONEs are registered, so their rules, not the tz database, place the times.
//
// usage: node ical_occurrences.mjs FROM_ISO UNTIL_ISO FILE.ics... -> {"FILE.ics": [occurrence, ...], ...}
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(path.resolve(process.cwd(), "package.json"));
const ICAL = (await import(require.resolve("ical.js"))).default;

const [fromIso, untilIso, ...files] = process.argv.slice(2);
const from = new Date(fromIso).getTime();
const until = new Date(untilIso).getTime();

function iso(time) {
  if (time.isDate) return time.toString(); // YYYY-MM-DD
  return time.toJSDate().toISOString().replace(".000Z", "Z");
}

function occurrences(file) {
  const root = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  ICAL.TimezoneService.reset();
  for (const vtz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtz);
  }
  const masters = new Map();
  const exceptions = [];
  for (const component of root.getAllSubcomponents("vevent")) {
    if (component.hasProperty("recurrence-id")) exceptions.push(component);
    else masters.set(component.getFirstPropertyValue("uid"), new ICAL.Event(component));
  }
  for (const component of exceptions) {
    const master = masters.get(component.getFirstPropertyValue("uid"));
    if (master) master.relateException(component);
  }
  const out = [];
  for (const [uid, event] of masters) {
    const record = (details) => {
      const item = details.item;
      const start = details.startDate.toJSDate().getTime();
      const end = details.endDate.toJSDate().getTime();
      if (end <= from || start >= until) return;
      out.push({
        uid,
        start: iso(details.startDate),
        end: iso(details.endDate),
        recurrence_id: event.isRecurring() ? iso(details.recurrenceId) : null,
        summary: item.summary,
        status: item.component.getFirstPropertyValue("status"),
        sequence: item.component.getFirstPropertyValue("sequence"),
        tzid: details.startDate.isDate ? null : details.startDate.zone.tzid,
      });
    };
    if (!event.isRecurring()) {
      record({ item: event, startDate: event.startDate, endDate: event.endDate, recurrenceId: event.startDate });
      continue;
    }
    const iterator = event.iterator();
    let next;
    let guard = 0;
    while ((next = iterator.next()) && guard++ < 100000) {
      const details = event.getOccurrenceDetails(next);
      if (details.startDate.toJSDate().getTime() >= until && next.toJSDate().getTime() >= until) break;
      record(details);
    }
  }
  out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : 1));
  return out;
}

const result = {};
for (const file of files) result[file] = occurrences(file);
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
