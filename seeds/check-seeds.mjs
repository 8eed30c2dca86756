#!/usr/bin/env node
// Consistency check for the DX Hub reference data in seeds/.
// Plain ESM, no dependencies: `node seeds/check-seeds.mjs` (from anywhere). Exits 1 and lists every
// problem when a rule is broken, so CI and the services' loaders can trust the files.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const errors = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);

// ─── generic helpers ──────────────────────────────────────────────────────────

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a seed file and checks the encoding rules: UTF-8, no BOM, LF only, NFC, final newline. */
function readText(rel) {
  const bytes = readFileSync(join(ROOT, rel));
  let text;
  try {
    text = decoder.decode(bytes);
  } catch {
    err(rel, 'not valid UTF-8');
    return '';
  }
  if (text.startsWith('\uFEFF')) err(rel, 'starts with a BOM');
  if (text.includes('\r')) err(rel, 'contains CR characters (LF line endings only)');
  if (text.normalize('NFC') !== text) err(rel, 'text is not NFC-normalised');
  if (text.length > 0 && !text.endsWith('\n')) err(rel, 'does not end with a newline');
  return text.replace(/^\uFEFF/, '');
}

/** RFC 4180 CSV (quoted fields may hold commas and doubled quotes); returns header + row objects. */
function readCsv(rel, expectedHeader) {
  const text = readText(rel);
  const rows = [];
  let field = '';
  let row = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header || header.join(',') !== expectedHeader.join(',')) {
    err(rel, `header must be "${expectedHeader.join(',')}", found "${header ? header.join(',') : ''}"`);
    return [];
  }
  return body.map((cells, i) => {
    const line = i + 2;
    if (cells.length !== header.length) err(`${rel}:${line}`, `${cells.length} fields, expected ${header.length}`);
    cells.forEach((v, j) => {
      if (v !== v.trim()) err(`${rel}:${line}`, `field ${header[j]} has leading/trailing spaces`);
    });
    return { ...Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])), __file: rel, __line: line };
  });
}

function readJson(rel) {
  const text = readText(rel);
  try {
    return JSON.parse(text);
  } catch (e) {
    err(rel, `invalid JSON: ${e.message}`);
    return null;
  }
}

/** Every string (keys included) inside a JSON value must be NFC. */
function checkNfcDeep(value, where) {
  if (typeof value === 'string') {
    if (value.normalize('NFC') !== value) err(where, `string is not NFC: ${JSON.stringify(value)}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkNfcDeep(v, `${where}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.normalize('NFC') !== k) err(where, `key is not NFC: ${JSON.stringify(k)}`);
      checkNfcDeep(v, `${where}.${k}`);
    }
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isDate(s) {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
function addDays(s, n) {
  const d = new Date(`${s}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
// Open interval ends: an empty/null start means "before 2021-10" (earliest), an empty/null end means "still valid".
const MIN_DATE = '0000-01-01';
const MAX_DATE = '9999-12-31';
const startOf = (v) => (v ? v : MIN_DATE);
const endOf = (v) => (v ? v : MAX_DATE);
const isNonEmptyString = (v) => typeof v === 'string' && v.trim() !== '';
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const keysEqual = (obj, keys) =>
  obj &&
  typeof obj === 'object' &&
  !Array.isArray(obj) &&
  Object.keys(obj).length === keys.length &&
  keys.every((k) => Object.hasOwn(obj, k));

function countBy(items, fn) {
  const m = {};
  for (const it of items) {
    const k = fn(it);
    m[k] = (m[k] || 0) + 1;
  }
  return m;
}

// ─── 0. every file under seeds/: encoding ────────────────────────────────────

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
for (const file of walk(ROOT)) {
  if (/\.(csv|json|md|mjs)$/.test(file)) readText(relative(ROOT, file));
}

// ─── 1. org units ─────────────────────────────────────────────────────────────

const OU_HEADER = ['code', 'name_vi', 'type', 'parent_code', 'valid_from', 'valid_to'];
const OU_FILES = {
  tg: 'org-units/org-units-tien-giang-2025-03.csv',
  ended: 'org-units/org-units-tien-giang-ended-2021-2025.csv',
  dt: 'org-units/org-units-dong-thap-2025-07.csv',
};
const TYPE_INFO = {
  province: { level: 1, digits: 2, prefix: 'Tỉnh ' },
  city: { level: 2, digits: 3, prefix: 'Thành phố ' },
  town: { level: 2, digits: 3, prefix: 'Thị xã ' },
  district: { level: 2, digits: 3, prefix: 'Huyện ' },
  ward: { level: 3, digits: 5, prefix: 'Phường ' },
  township: { level: 3, digits: 5, prefix: 'Thị trấn ' },
  commune: { level: 3, digits: 5, prefix: 'Xã ' },
};
const REFORM_DATE = '2025-07-01';

const ouByFile = Object.fromEntries(Object.entries(OU_FILES).map(([k, f]) => [k, readCsv(f, OU_HEADER)]));
const orgUnits = Object.values(ouByFile).flat();
const at = (u) => `${u.__file}:${u.__line} (${u.code} ${u.name_vi})`;

for (const u of orgUnits) {
  const info = TYPE_INFO[u.type];
  if (!info) {
    err(at(u), `unknown type "${u.type}"`);
    continue;
  }
  if (!new RegExp(`^\\d{${info.digits}}$`).test(u.code)) err(at(u), `a ${u.type} code must have ${info.digits} digits`);
  if (!u.name_vi.startsWith(info.prefix)) err(at(u), `a ${u.type} name must start with "${info.prefix.trim()}"`);
  if (u.valid_from && !isDate(u.valid_from)) err(at(u), `valid_from "${u.valid_from}" is not a YYYY-MM-DD date`);
  if (u.valid_to && !isDate(u.valid_to)) err(at(u), `valid_to "${u.valid_to}" is not a YYYY-MM-DD date`);
  if (startOf(u.valid_from) > endOf(u.valid_to)) err(at(u), 'valid_from is after valid_to');
}

// identity is (code, valid_from): codes are reused (82, 28249, 28300 …)
const versionsByCode = new Map();
{
  const seen = new Map();
  for (const u of orgUnits) {
    const key = `${u.code}|${u.valid_from}`;
    if (seen.has(key))
      err(at(u), `duplicate identity (code ${u.code}, valid_from "${u.valid_from}") – also ${at(seen.get(key))}`);
    seen.set(key, u);
    if (!versionsByCode.has(u.code)) versionsByCode.set(u.code, []);
    versionsByCode.get(u.code).push(u);
  }
  for (const [code, vs] of versionsByCode) {
    vs.sort((a, b) => startOf(a.valid_from).localeCompare(startOf(b.valid_from)));
    for (let i = 1; i < vs.length; i++) {
      if (startOf(vs[i].valid_from) <= endOf(vs[i - 1].valid_to)) {
        err(at(vs[i]), `overlaps another version of code ${code}: ${at(vs[i - 1])}`);
      }
    }
  }
}

/** The version of `code` valid on `date` ('' = the earliest time covered), or undefined. */
function versionAt(code, date) {
  const d = startOf(date);
  return (versionsByCode.get(code) || []).find((v) => startOf(v.valid_from) <= d && d <= endOf(v.valid_to));
}

for (const u of orgUnits) {
  const info = TYPE_INFO[u.type];
  if (!info) continue;
  if (info.level === 1) {
    if (u.parent_code) err(at(u), 'a province has no parent');
    continue;
  }
  if (!u.parent_code) {
    err(at(u), 'parent_code is empty');
    continue;
  }
  const parent = versionAt(u.parent_code, u.valid_from);
  if (!parent) {
    err(at(u), `parent ${u.parent_code} has no version valid at ${u.valid_from || 'the start (before 2021-10)'}`);
    continue;
  }
  const expectedParentLevel = info.level === 3 && startOf(u.valid_from) < REFORM_DATE ? 2 : 1;
  if (TYPE_INFO[parent.type]?.level !== expectedParentLevel) {
    err(
      at(u),
      `parent ${u.parent_code} is a ${parent.type}; expected a ${expectedParentLevel === 1 ? 'province' : 'district-level unit'}`,
    );
  }
  // stricter: the parent code must exist without a gap for the child's whole life
  let cursor = startOf(u.valid_from);
  const end = endOf(u.valid_to);
  while (cursor <= end) {
    const p = versionAt(u.parent_code, cursor === MIN_DATE ? '' : cursor);
    if (!p) {
      err(at(u), `parent ${u.parent_code} has no version valid on ${cursor}, inside the child's validity`);
      break;
    }
    if (!p.valid_to) break;
    cursor = addDays(p.valid_to, 1);
  }
}

// the 2025-03 list: 1 province + 11 district-level + 164 commune-level units
{
  const tg = ouByFile.tg;
  const byType = countBy(tg, (u) => u.type);
  const byLevel = countBy(tg, (u) => TYPE_INFO[u.type]?.level);
  const expectLevel = { 1: 1, 2: 11, 3: 164 };
  const names = { 1: 'province', 2: 'district-level units', 3: 'commune-level units' };
  for (const [lv, n] of Object.entries(expectLevel)) {
    if ((byLevel[lv] || 0) !== n) err(OU_FILES.tg, `expected ${n} ${names[lv]}, found ${byLevel[lv] || 0}`);
  }
  const expectType = { city: 2, town: 1, district: 8, ward: 21, township: 8, commune: 135 };
  for (const [t, n] of Object.entries(expectType)) {
    if ((byType[t] || 0) !== n) err(OU_FILES.tg, `expected ${n} of type ${t}, found ${byType[t] || 0}`);
  }
  const perDistrict = countBy(
    tg.filter((u) => TYPE_INFO[u.type]?.level === 3),
    (u) => u.parent_code,
  );
  const expectDistrict = {
    815: 14,
    816: 10,
    817: 16,
    818: 12,
    819: 25,
    820: 16,
    821: 20,
    822: 19,
    823: 13,
    824: 13,
    825: 6,
  };
  for (const [d, n] of Object.entries(expectDistrict)) {
    if ((perDistrict[d] || 0) !== n)
      err(OU_FILES.tg, `district ${d}: expected ${n} commune-level units, found ${perDistrict[d] || 0}`);
  }
  for (const u of tg) if (u.valid_to !== '2025-06-30') err(at(u), 'every pre-reform row ends on 2025-06-30');

  const dt = ouByFile.dt;
  const dtType = countBy(dt, (u) => u.type);
  if (dtType.province !== 1 || dtType.ward !== 20 || dtType.commune !== 82 || dt.length !== 103) {
    err(OU_FILES.dt, `expected 1 province + 20 ward + 82 commune, found ${JSON.stringify(dtType)}`);
  }
  for (const u of dt)
    if (u.valid_from !== REFORM_DATE || u.valid_to !== '') err(at(u), `must be valid from ${REFORM_DATE}, open-ended`);

  for (const u of ouByFile.ended) {
    if (!u.valid_to) err(at(u), 'an ended unit-version needs valid_to');
    if (u.valid_to && u.valid_to >= '2025-03-01') err(at(u), 'ended units must end before the 2025-03 list');
  }
}

// the changes file must agree with the versions (this is what the "ended" file is derived from)
{
  const rel = 'org-units/org-units-tien-giang-changes-2021-2025.csv';
  const changes = readCsv(rel, ['date', 'code', 'name_vi', 'parent_code', 'change', 'legal_basis', 'evidence']);
  for (const c of changes) {
    const where = `${rel}:${c.__line} (${c.code})`;
    if (!isDate(c.date)) {
      err(where, `date "${c.date}" is not YYYY-MM-DD`);
      continue;
    }
    const vs = versionsByCode.get(c.code) || [];
    const dayBefore = addDays(c.date, -1);
    if (!vs.some((v) => v.valid_to === dayBefore)) err(where, `no org-unit version of ${c.code} ends on ${dayBefore}`);
    const starts = vs.find((v) => v.valid_from === c.date);
    if (c.change.startsWith('ended')) {
      if (starts) err(where, `${c.code} ended on ${c.date} but a version starts that day`);
    } else if (!starts) {
      err(where, `no org-unit version of ${c.code} starts on ${c.date}`);
    } else if (starts.name_vi !== c.name_vi || starts.parent_code !== c.parent_code) {
      err(
        where,
        `the version starting ${c.date} is "${starts.name_vi}" under ${starts.parent_code}, changes file says "${c.name_vi}" under ${c.parent_code}`,
      );
    }
  }
}

// old → new mappings
{
  const header = ['old_code', 'old_name', 'new_code', 'new_name', 'share_note'];
  const tgMap = readCsv('org-units/reform-2025-mapping.csv', header);
  const dtMap = readCsv('org-units/reform-2025-mapping-former-dong-thap.csv', header);
  const tgCommunes = new Map(ouByFile.tg.filter((u) => TYPE_INFO[u.type]?.level === 3).map((u) => [u.code, u]));
  const dtUnits = new Map(ouByFile.dt.filter((u) => u.type !== 'province').map((u) => [u.code, u]));
  const mapped = new Set();
  for (const m of tgMap) {
    const where = `${m.__file}:${m.__line} (${m.old_code})`;
    const old = tgCommunes.get(m.old_code);
    if (!old) err(where, `old_code ${m.old_code} is not a commune-level unit of the 2025-03 list`);
    else if (old.name_vi !== m.old_name) err(where, `old_name "${m.old_name}" ≠ "${old.name_vi}"`);
    if (mapped.has(m.old_code)) err(where, `old_code ${m.old_code} mapped twice (no Tiền Giang commune was split)`);
    mapped.add(m.old_code);
  }
  for (const code of tgCommunes.keys())
    if (!mapped.has(code)) err('org-units/reform-2025-mapping.csv', `commune ${code} is not mapped`);
  const dtOld = new Set();
  for (const m of [...tgMap, ...dtMap]) {
    const where = `${m.__file}:${m.__line} (${m.old_code} → ${m.new_code})`;
    const nu = dtUnits.get(m.new_code);
    if (!nu) err(where, `new_code ${m.new_code} is not in ${OU_FILES.dt}`);
    else if (nu.name_vi !== m.new_name) err(where, `new_name "${m.new_name}" ≠ "${nu.name_vi}"`);
    if (m.__file.includes('former-dong-thap')) dtOld.add(m.old_code);
  }
  if (dtOld.size !== 141)
    err('org-units/reform-2025-mapping-former-dong-thap.csv', `expected 141 old units, found ${dtOld.size}`);
  const newTargets = new Set([...tgMap, ...dtMap].map((m) => m.new_code));
  for (const code of dtUnits.keys())
    if (!newTargets.has(code)) err(OU_FILES.dt, `new unit ${code} receives no old unit in the mappings`);
}

// ─── 2. agencies ──────────────────────────────────────────────────────────────

const AGENCY_KEYS = ['code', 'nameVi', 'nameEn', 'kind', 'orgUnitCode', 'validFrom', 'validTo', 'successors', 'source'];
const AGENCY_KINDS = ['department', 'provincial-office', 'inspectorate', 'district-people-committee'];
const agencies = readJson('agencies.json') ?? [];
checkNfcDeep(agencies, 'agencies.json');
const agencyByCode = new Map();
if (!Array.isArray(agencies)) err('agencies.json', 'must be a JSON array');
else {
  for (const [i, a] of agencies.entries()) {
    const where = `agencies.json[${i}] (${a?.code})`;
    if (!keysEqual(a, AGENCY_KEYS)) {
      err(where, `keys must be exactly ${AGENCY_KEYS.join(', ')}`);
      if (!a || typeof a !== 'object') continue;
    }
    if (typeof a.code !== 'string' || !/^[A-Z0-9]+$/.test(a.code))
      err(where, 'code must match [A-Z0-9]+ (it becomes a Kafka topic name)');
    if (agencyByCode.has(a.code)) err(where, `duplicate code ${a.code}`);
    agencyByCode.set(a.code, a);
    for (const k of ['nameVi', 'nameEn', 'source'])
      if (!isNonEmptyString(a[k])) err(where, `${k} must be a non-empty string`);
    if (typeof a.nameEn === 'string' && /[^\x20-\x7E–]/.test(a.nameEn))
      err(where, 'nameEn should be written without diacritics');
    if (!AGENCY_KINDS.includes(a.kind)) err(where, `kind must be one of ${AGENCY_KINDS.join(' | ')}`);
    for (const k of ['validFrom', 'validTo'])
      if (a[k] !== null && !isDate(a[k])) err(where, `${k} must be YYYY-MM-DD or null`);
    if (startOf(a.validFrom) > endOf(a.validTo)) err(where, 'validFrom is after validTo');
    if (!versionAt(a.orgUnitCode, a.validFrom ?? ''))
      err(where, `orgUnitCode ${a.orgUnitCode} has no org-unit version valid at ${a.validFrom ?? 'the start'}`);
    if (a.kind === 'district-people-committee') {
      if (a.code !== `UBND${a.orgUnitCode}`)
        err(where, `a district People's Committee's code must be UBND${a.orgUnitCode}`);
      const ou = versionAt(a.orgUnitCode, '2025-06-30');
      if (!ou || TYPE_INFO[ou.type]?.level !== 2)
        err(where, `orgUnitCode ${a.orgUnitCode} is not a district-level unit`);
      else if (a.nameVi !== `UBND ${ou.name_vi}`) err(where, `nameVi must be "UBND ${ou.name_vi}"`);
      if (a.validTo !== '2025-06-30') err(where, "district People's Committees end on 2025-06-30");
    } else if (a.orgUnitCode !== '82') err(where, 'provincial bodies belong to org unit 82');
    if (!Array.isArray(a.successors)) err(where, 'successors must be an array');
  }
  for (const a of agencies) {
    if (!Array.isArray(a?.successors)) continue;
    const where = `agencies.json (${a.code})`;
    for (const s of a.successors) {
      if (!keysEqual(s, ['code', 'validFrom'])) {
        err(where, 'each successor is {code, validFrom}');
        continue;
      }
      const succ = agencyByCode.get(s.code);
      if (!succ) err(where, `successor ${s.code} is not an agency`);
      if (s.code === a.code) err(where, 'an agency cannot succeed itself');
      if (!isDate(s.validFrom)) err(where, `successor ${s.code}: validFrom must be YYYY-MM-DD`);
      else {
        if (a.validTo && s.validFrom !== addDays(a.validTo, 1))
          err(where, `successor ${s.code} should take over on ${addDays(a.validTo, 1)}, the day after validTo`);
        if (succ && !(startOf(succ.validFrom) <= s.validFrom && s.validFrom <= endOf(succ.validTo))) {
          err(where, `successor ${s.code} is not valid on ${s.validFrom}`);
        }
      }
    }
    if (a.validTo && a.successors.length === 0 && a.kind !== 'district-people-committee') {
      err(where, 'an ended provincial agency needs a successor');
    }
  }
  const expected = [
    'SNV',
    'STP',
    'SKHDT',
    'STC',
    'SCT',
    'SNNPTNT',
    'SGTVT',
    'SXD',
    'STNMT',
    'STTTT',
    'SLDTBXH',
    'SVHTTDL',
    'SKHCN',
    'SGDDT',
    'SYT',
    'TTT',
    'VPUBND',
    'SNNMT',
    ...Array.from({ length: 11 }, (_, i) => `UBND${815 + i}`),
  ];
  for (const c of expected) if (!agencyByCode.has(c)) err('agencies.json', `missing agency ${c}`);
  const mergedAway = { SKHDT: 'STC', SGTVT: 'SXD', STTTT: 'SKHCN', SNNPTNT: 'SNNMT', STNMT: 'SNNMT', SLDTBXH: 'SNV' };
  for (const [from, to] of Object.entries(mergedAway)) {
    const a = agencyByCode.get(from);
    if (
      a &&
      (a.validTo !== '2025-02-28' || !a.successors?.some((s) => s.code === to && s.validFrom === '2025-03-01'))
    ) {
      err('agencies.json', `${from} must end on 2025-02-28 with successor ${to} from 2025-03-01`);
    }
  }
}

// ─── 3. DTI framework ─────────────────────────────────────────────────────────

const frameworks = readJson('dti-framework.json') ?? [];
checkNfcDeep(frameworks, 'dti-framework.json');
const frameworkIndexCodes = new Map();
if (!Array.isArray(frameworks)) err('dti-framework.json', 'must be a JSON array');
else {
  const yearOwner = new Map();
  const sum = (xs) => xs.reduce((s, x) => s + x, 0);
  for (const f of frameworks) {
    const where = `dti-framework.json (${f?.framework})`;
    for (const k of ['framework', 'decision', 'source'])
      if (!isNonEmptyString(f?.[k])) err(where, `${k} must be a non-empty string`);
    if (frameworkIndexCodes.has(f.framework)) err(where, 'duplicate framework');
    if (!Array.isArray(f.years) || f.years.length === 0) err(where, 'years must be a non-empty array');
    for (const y of f.years ?? []) {
      if (yearOwner.has(y)) err(where, `year ${y} is also assigned to ${yearOwner.get(y)}`);
      yearOwner.set(y, f.framework);
    }
    const idx = Array.isArray(f.indexes) ? f.indexes : [];
    const codes = new Set();
    for (const x of idx) {
      if (codes.has(x.code)) err(where, `duplicate index ${x.code}`);
      codes.add(x.code);
      for (const k of ['code', 'nameVi', 'nameEn', 'group'])
        if (!isNonEmptyString(x[k])) err(`${where} index ${x.code}`, `${k} must be a non-empty string`);
      if (x.maxPoints !== null && !(isNum(x.maxPoints) && x.maxPoints >= 0))
        err(`${where} index ${x.code}`, 'maxPoints must be a number ≥ 0 or null');
      if (!(f.groups ?? []).some((g) => g.code === x.group))
        err(`${where} index ${x.code}`, `unknown group ${x.group}`);
    }
    frameworkIndexCodes.set(f.framework, codes);
    const known = (v) => v !== null && v !== undefined;
    const allPoints = idx.length > 0 && idx.every((x) => known(x.maxPoints));
    if (allPoints && known(f.total?.maxPoints) && sum(idx.map((x) => x.maxPoints)) !== f.total.maxPoints) {
      err(where, `index points add up to ${sum(idx.map((x) => x.maxPoints))}, total.maxPoints is ${f.total.maxPoints}`);
    }
    const allComponents = idx.length > 0 && idx.every((x) => known(x.components));
    if (allComponents && known(f.componentCount) && sum(idx.map((x) => x.components)) !== f.componentCount) {
      err(
        where,
        `index components add up to ${sum(idx.map((x) => x.components))}, componentCount is ${f.componentCount}`,
      );
    }
    for (const g of f.groups ?? []) {
      const members = idx.filter((x) => x.group === g.code);
      if (known(g.maxPoints) && allPoints && sum(members.map((x) => x.maxPoints)) !== g.maxPoints)
        err(where, `group ${g.code} points do not add up`);
      if (known(g.components) && allComponents && sum(members.map((x) => x.components)) !== g.components)
        err(where, `group ${g.code} components do not add up`);
    }
    const pillarCodes = (f.pillars ?? [])
      .map((p) => p.code)
      .sort()
      .join(',');
    if (pillarCodes !== 'CQS,KTS,XHS') err(where, `pillars must be CQS, KTS, XHS (found ${pillarCodes})`);
    for (const p of f.pillars ?? []) {
      if (typeof p.inferred !== 'boolean') err(`${where} pillar ${p.code}`, 'inferred must be true or false');
      for (const c of p.indexes ?? [])
        if (!codes.has(c)) err(`${where} pillar ${p.code}`, `index ${c} is not in this framework`);
      const ps = (p.indexes ?? []).map((c) => idx.find((x) => x.code === c)?.maxPoints);
      if (known(p.maxPoints) && ps.length > 0 && ps.every(known) && sum(ps) !== p.maxPoints) {
        err(`${where} pillar ${p.code}`, `its indexes add up to ${sum(ps)} points, maxPoints is ${p.maxPoints}`);
      }
    }
    if (
      known(f.total?.maxPoints) &&
      (f.pillars ?? []).every((p) => (p.indexes ?? []).length === 0 && known(p.maxPoints))
    ) {
      const ps = sum(f.pillars.map((p) => p.maxPoints));
      if (ps !== f.total.maxPoints) err(where, `pillar weights add up to ${ps}, total is ${f.total.maxPoints}`);
    }
  }
  for (const [name, n] of [
    ['DTI-2020', 0],
    ['DTI-2022', 9],
    ['DTI-2025', 8],
  ]) {
    if (!frameworkIndexCodes.has(name)) err('dti-framework.json', `missing framework ${name}`);
    else if (frameworkIndexCodes.get(name).size !== n)
      err('dti-framework.json', `${name} should have ${n} main indexes`);
  }
}

// ─── 4. indicators ────────────────────────────────────────────────────────────

const IND_KEYS = [
  'code',
  'nameVi',
  'nameEn',
  'unit',
  'pillar',
  'subIndex',
  'sector',
  'aggregation',
  'orgUnitAggregation',
  'timeAggregation',
  'ratio',
  'periodType',
  'direction',
  'baseline',
  'targets',
  'nationalAverage',
  'responsibleAgency',
  'bounds',
  'source',
  'notes',
];
const AGG = ['SUM', 'AVERAGE', 'RATIO', 'MIN', 'MAX', 'LAST'];
const PILLARS = ['CQS', 'KTS', 'XHS'];
const SUB_INDEXES = ['NT', 'TC', 'HT', 'NL', 'AT', 'HDCQS', 'HDKTS', 'HDXHS'];
const PERIOD_FORMAT = {
  YEARLY: /^\d{4}$/,
  SIX_MONTHLY: /^\d{4}S[12]$/,
  QUARTERLY: /^\d{4}Q[1-4]$/,
  MONTHLY: /^\d{4}-(0[1-9]|1[0-2])$/,
};
const COMPARATORS = { HIGHER_IS_BETTER: ['>=', '>', '='], LOWER_IS_BETTER: ['<=', '<', '='] };
// rates must never be added or averaged across org units or periods
const isRateUnit = (unit) => unit === '%' || /^per /.test(unit ?? '') || unit === 'index' || unit === 'rank';

const indicators = readJson('indicators.json') ?? [];
checkNfcDeep(indicators, 'indicators.json');
if (!Array.isArray(indicators)) err('indicators.json', 'must be a JSON array');
else {
  const seen = new Set();
  for (const [i, d] of indicators.entries()) {
    const where = `indicators.json[${i}] (${d?.code})`;
    if (!keysEqual(d, IND_KEYS)) {
      err(where, `keys must be exactly ${IND_KEYS.join(', ')}`);
      if (!d || typeof d !== 'object') continue;
    }
    if (typeof d.code !== 'string' || !/^[A-Z0-9_]+$/.test(d.code)) err(where, 'code must match [A-Z0-9_]+');
    if (seen.has(d.code)) err(where, `duplicate code ${d.code}`);
    seen.add(d.code);
    for (const k of ['nameVi', 'nameEn', 'unit', 'sector', 'source'])
      if (!isNonEmptyString(d[k])) err(where, `${k} must be a non-empty string`);
    if (typeof d.notes !== 'string') err(where, 'notes must be a string');
    if (isNonEmptyString(d.source) && !d.source.includes('DOMAIN.md')) err(where, 'source must cite DOMAIN.md');
    // pillar may be null only for an overall index that spans every pillar (then it has no sub-index either)
    if (d.pillar === null ? d.subIndex !== null : !PILLARS.includes(d.pillar)) {
      err(where, `pillar must be one of ${PILLARS.join(' | ')} (null only for an overall index with subIndex null)`);
    }
    if (d.subIndex !== null && !SUB_INDEXES.includes(d.subIndex))
      err(where, `subIndex must be one of ${SUB_INDEXES.join(' | ')} or null`);

    if (!AGG.includes(d.aggregation)) err(where, `aggregation must be one of ${AGG.join(' | ')}`);
    for (const k of ['orgUnitAggregation', 'timeAggregation']) {
      if (d[k] === null) continue;
      if (!AGG.includes(d[k])) err(where, `${k} must be one of ${AGG.join(' | ')} or null`);
      else if (d[k] === d.aggregation) err(where, `${k} equals aggregation: use null`);
      else if (d[k] === 'RATIO' || (d.aggregation === 'RATIO' && !['LAST', 'MIN', 'MAX'].includes(d[k]))) {
        err(where, `${k} ${d[k]} cannot be combined with aggregation ${d.aggregation}`);
      }
    }
    const effective = [d.aggregation, d.orgUnitAggregation ?? d.aggregation, d.timeAggregation ?? d.aggregation];
    if (isRateUnit(d.unit) && effective.some((a) => a === 'SUM' || a === 'AVERAGE')) {
      err(where, `unit "${d.unit}" is a rate/score: it must never be SUMmed or AVERAGEd (use RATIO, LAST, MIN or MAX)`);
    }
    if (d.aggregation === 'RATIO') {
      const r = d.ratio;
      if (!keysEqual(r, ['numeratorVi', 'numeratorEn', 'denominatorVi', 'denominatorEn', 'factor'])) {
        err(where, 'a RATIO needs ratio {numeratorVi, numeratorEn, denominatorVi, denominatorEn, factor}');
      } else {
        for (const k of ['numeratorVi', 'numeratorEn', 'denominatorVi', 'denominatorEn'])
          if (!isNonEmptyString(r[k])) err(where, `ratio.${k} must be a non-empty string`);
        if (!isNum(r.factor) || r.factor <= 0) err(where, 'ratio.factor must be a positive number');
        if (d.unit === '%' && r.factor !== 100) err(where, 'a percentage RATIO has factor 100');
      }
    } else if (d.ratio !== null) err(where, 'ratio must be null unless aggregation is RATIO');

    if (!PERIOD_FORMAT[d.periodType]) err(where, `periodType must be one of ${Object.keys(PERIOD_FORMAT).join(' | ')}`);
    if (!COMPARATORS[d.direction]) err(where, 'direction must be HIGHER_IS_BETTER or LOWER_IS_BETTER');

    const b = d.bounds;
    const inBounds = (v) => b === null || ((b.min === null || v >= b.min) && (b.max === null || v <= b.max));
    if (b !== null) {
      if (!keysEqual(b, ['min', 'max']) || ![b.min, b.max].every((v) => v === null || isNum(v)))
        err(where, 'bounds must be {min, max} (numbers or null) or null');
      else if (b.min !== null && b.max !== null && b.min > b.max) err(where, 'bounds.min > bounds.max');
    }
    if (d.unit === '%' && d.aggregation === 'RATIO' && (b?.min !== 0 || b?.max !== 100))
      err(where, 'a percentage should have bounds 0–100');

    if (d.baseline !== null) {
      if (!keysEqual(d.baseline, ['period', 'value']) || !isNum(d.baseline.value))
        err(where, 'baseline must be {period, value} or null');
      else {
        if (PERIOD_FORMAT[d.periodType] && !PERIOD_FORMAT[d.periodType].test(d.baseline.period)) {
          err(where, `baseline.period "${d.baseline.period}" does not match periodType ${d.periodType}`);
        }
        if (!inBounds(d.baseline.value)) err(where, `baseline ${d.baseline.value} is outside bounds`);
      }
    }
    if (!Array.isArray(d.targets)) err(where, 'targets must be an array');
    else {
      const years = new Set();
      for (const t of d.targets) {
        if (!keysEqual(t, ['year', 'value', 'comparator', 'tolerance'])) {
          err(where, 'each target is {year, value, comparator, tolerance}');
          continue;
        }
        if (!Number.isInteger(t.year) || t.year < 2020 || t.year > 2050)
          err(where, `target year ${t.year} is not a plausible year`);
        if (years.has(t.year)) err(where, `two targets for ${t.year}`);
        years.add(t.year);
        if (!isNum(t.value) || !inBounds(t.value))
          err(where, `target ${t.year} value ${t.value} is not a number within bounds`);
        if (COMPARATORS[d.direction] && !COMPARATORS[d.direction].includes(t.comparator)) {
          err(where, `target ${t.year}: comparator "${t.comparator}" does not fit ${d.direction}`);
        }
        if (!isNum(t.tolerance) || t.tolerance < 0) err(where, `target ${t.year}: tolerance must be a number ≥ 0`);
      }
    }
    if (!Array.isArray(d.nationalAverage)) err(where, 'nationalAverage must be an array');
    else {
      for (const n of d.nationalAverage) {
        if (!keysEqual(n, ['year', 'value']) || !Number.isInteger(n.year) || !isNum(n.value))
          err(where, 'nationalAverage items are {year, value}');
        else if (!inBounds(n.value)) err(where, `national average ${n.year} is outside bounds`);
      }
    }
    const ag = agencyByCode.get(d.responsibleAgency);
    if (!ag) err(where, `responsibleAgency ${d.responsibleAgency} is not in agencies.json`);
    else if (startOf(ag.validFrom) > '2021-12-31')
      err(where, `responsibleAgency ${d.responsibleAgency} did not exist in 2021`);
  }

  // coverage of the catalogue
  if (indicators.length < 28) err('indicators.json', `at least 28 indicators required, found ${indicators.length}`);
  const pillars = new Set(indicators.map((d) => d.pillar));
  for (const p of PILLARS) if (!pillars.has(p)) err('indicators.json', `no indicator for pillar ${p}`);
  const subs = new Set(indicators.map((d) => d.subIndex));
  for (const s of SUB_INDEXES) if (!subs.has(s)) err('indicators.json', `no indicator for DTI main index ${s}`);
  for (const s of subs) {
    if (s !== null && !['DTI-2022', 'DTI-2025'].every((f) => frameworkIndexCodes.get(f)?.has(s))) {
      err('indicators.json', `subIndex ${s} is not a main index of DTI-2022 and DTI-2025`);
    }
  }
  const tableE = [
    'KTS_GRDP',
    'KTS_GDP_NAT',
    'KTS_SECTOR',
    'TMDT_RETAIL',
    'DN_HDDT',
    'SME_PLATFORM',
    'LD_KTS',
    'DVCTT_L4',
    'HSCV_TINH',
    'HSCV_HUYEN',
    'HSCV_XA',
    'TTHC_TOANTRINH',
    'BC_HTTTBC',
    'FIBRE_HH',
    'SMART_ADULT',
    'PAY_ACC_15',
    'EPAY_POP',
    'CKS_ADULT',
    'DVC_ADULT',
    'SKILL_WORKAGE',
    'EHR_POP',
    'DTI_RANK_TG',
  ];
  for (const c of tableE) if (!seen.has(c)) err('indicators.json', `indicator ${c} of DOMAIN.md table E is missing`);
  const frequent = (agg) =>
    indicators.some((d) => d.aggregation === agg && ['MONTHLY', 'QUARTERLY'].includes(d.periodType));
  if (!frequent('SUM')) err('indicators.json', 'at least one SUM indicator must be MONTHLY or QUARTERLY');
  if (!frequent('RATIO')) err('indicators.json', 'at least one RATIO indicator must be MONTHLY or QUARTERLY');
  for (const agg of ['SUM', 'RATIO', 'AVERAGE', 'LAST', 'MIN']) {
    if (!indicators.some((d) => d.aggregation === agg)) err('indicators.json', `no ${agg} indicator`);
  }
}

// ─── 5. programme (Resolution 08-NQ/TU: goals → task groups → tasks → sub-tasks) ──────────────

const programme = readJson('programme.json');
let programmeTasks = 0;
if (programme) {
  checkNfcDeep(programme, 'programme.json');
  const codes = new Set();
  const indicatorCodes = new Set((Array.isArray(indicators) ? indicators : []).map((d) => d.code));
  const inOffice = (code, on) => {
    const a = agencyByCode.get(code);
    return a && startOf(a.validFrom) <= on && on <= endOf(a.validTo);
  };
  const node = (n, where, parentCode) => {
    if (!n || typeof n !== 'object') return err(where, 'must be an object');
    if (typeof n.code !== 'string' || !/^[A-Z0-9][A-Z0-9.-]{0,63}$/.test(n.code))
      err(where, 'code must match [A-Z0-9.-]');
    if (codes.has(n.code)) err(where, `duplicate code ${n.code}`);
    codes.add(n.code);
    if (parentCode && !String(n.code).startsWith(`${parentCode}.`))
      err(where, `code must start with its parent's (${parentCode}.)`);
    for (const k of ['titleVi', 'titleEn']) if (!isNonEmptyString(n[k])) err(where, `${k} must be a non-empty string`);
    if (!isNum(n.weight) || n.weight <= 0) err(where, 'weight must be a positive number');
  };
  const task = (t, where, parent, parentDue) => {
    node(t, where, parent);
    programmeTasks++;
    if (!isDate(t.dueDate)) err(where, 'dueDate must be YYYY-MM-DD');
    else if (parentDue && t.dueDate > parentDue) err(where, `dueDate ${t.dueDate} is after its parent's ${parentDue}`);
    for (const [role, code] of [
      ['leadAgency', t.leadAgency],
      ['reviewerAgency', t.reviewerAgency],
      ...(t.coordinatingAgencies ?? []).map((c) => ['coordinatingAgencies', c]),
    ]) {
      if (!agencyByCode.has(code)) err(where, `${role} ${code} is not in agencies.json`);
      else if (isDate(t.dueDate) && !inOffice(code, t.dueDate))
        err(where, `${role} ${code} is not in office on the due date ${t.dueDate}`);
    }
    if (!Array.isArray(t.coordinatingAgencies)) err(where, 'coordinatingAgencies must be an array');
    else if (t.coordinatingAgencies.includes(t.leadAgency)) err(where, 'the lead agency cannot also coordinate');
    if (t.progressFrom !== undefined && t.progressFrom !== 'indicators')
      err(where, "progressFrom must be 'indicators' when present");
    if (t.progressFrom === 'indicators') {
      if (!Array.isArray(t.indicators) || t.indicators.length === 0)
        err(where, 'progressFrom indicators needs indicators');
      if (t.subtasks) err(where, 'a task takes its progress from indicators or from sub-tasks, not both');
      for (const l of t.indicators ?? []) {
        if (!indicatorCodes.has(l.indicatorCode)) err(where, `indicator ${l.indicatorCode} is not in indicators.json`);
        if (!isNum(l.baseline) || !isNum(l.target) || l.target === l.baseline)
          err(where, `indicator ${l.indicatorCode}: baseline and target must be different numbers`);
      }
    }
    for (const [i, st] of (t.subtasks ?? []).entries()) task(st, `${where}.subtasks[${i}]`, t.code, t.dueDate);
  };
  for (const k of ['code', 'documentNumber', 'titleVi', 'titleEn', 'issuer', 'source'])
    if (!isNonEmptyString(programme.resolution?.[k]))
      err('programme.json resolution', `${k} must be a non-empty string`);
  if (!isDate(programme.resolution?.issuedOn)) err('programme.json resolution', 'issuedOn must be YYYY-MM-DD');
  let groups = 0;
  for (const [i, goal] of (programme.goals ?? []).entries()) {
    node(goal, `programme.json goals[${i}]`);
    for (const [j, group] of (goal.groups ?? []).entries()) {
      groups++;
      node(group, `programme.json ${goal.code}.groups[${j}]`, goal.code);
      if (!Array.isArray(group.tasks) || group.tasks.length === 0)
        err(`programme.json ${group.code}`, 'a task group needs tasks');
      for (const [k, t] of (group.tasks ?? []).entries())
        task(t, `programme.json ${group.code}.tasks[${k}]`, group.code);
    }
  }
  if (groups !== 9) err('programme.json', `the resolution has nine task groups, not ${groups}`);
}

// ─── report ───────────────────────────────────────────────────────────────────

if (errors.length > 0) {
  console.error(`check-seeds: ${errors.length} problem(s)\n`);
  for (const e of errors) console.error(`  ✗ ${e}`);
  process.exit(1);
}
const ind = Array.isArray(indicators) ? indicators : [];
console.log('check-seeds: all seed files are consistent');
console.log(
  `  org units: ${orgUnits.length} unit-versions (${Object.entries(ouByFile)
    .map(([k, v]) => `${k} ${v.length}`)
    .join(', ')})`,
);
console.log(`  agencies: ${agencies.length}`);
console.log(
  `  indicators: ${ind.length}; by pillar ${JSON.stringify(countBy(ind, (d) => d.pillar ?? 'none'))}; by aggregation ${JSON.stringify(countBy(ind, (d) => d.aggregation))}`,
);
console.log(`  programme: ${programmeTasks} tasks and sub-tasks`);
console.log(`  DTI frameworks: ${frameworks.map((f) => f.framework).join(', ')}`);
