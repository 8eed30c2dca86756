// The demo province's history, 2021–2025, deterministic from a seed: which agency reports which value when.
// Levels start near DOMAIN.md's facts (baselines, national averages) and move towards Resolution 08's 2025
// targets; two rural districts lag (off track), Mỹ Tho leads. District reports stop with the districts on
// 2025-06-30; later periods are reported for the new province (code 82, Tỉnh Đồng Tháp).

/** Population shares of the eleven district-level units (denominators of their ratios). */
const DISTRICTS = {
  815: 0.13,
  816: 0.06,
  817: 0.07,
  818: 0.04,
  819: 0.17,
  820: 0.11,
  821: 0.14,
  822: 0.1,
  823: 0.08,
  824: 0.08,
  825: 0.02,
};
/** How far along the province's path each district is: Tân Phước and Tân Phú Đông lag, Mỹ Tho leads. */
const PACE = { 815: 1.08, 818: 0.8, 825: 0.76 };

/**
 * Per indicator: where the province is in 2021 and at the end of 2025, the province-wide denominator of a ratio
 * (households, adults, procedures, ...), and whether only the province reports it. `flow` marks counts summed
 * over time (each period's own count; documentation only: every count is shared out by population alike).
 */
const PATHS = {
  DVCTT_L4: { from: 32, to: 84, den: 1850 },
  HSCV_TINH: { from: 71, to: 93, den: 42000, province: true },
  HSCV_HUYEN: { from: 58, to: 82, den: 61000 },
  HSCV_XA: { from: 35, to: 63, den: 88000 },
  TTHC_TOANTRINH: { from: 12, to: 74, den: 9500 },
  BC_HTTTBC: { from: 40, to: 100, den: 60, province: true },
  DVC_APPS_ONLINE: { from: 1500, to: 9200, flow: true },
  DVC_AVG_DAYS: { from: 9.5, to: 4.2 },
  CSDL_CONNECTED: { from: 3, to: 14, province: true },
  CBCC_DIGITAL_ID: { from: 22, to: 97, den: 9800 },
  BCD_MEETINGS: { from: 4, to: 7, flow: true, province: true },
  TC_POLICIES: { from: 3, to: 6, flow: true, province: true },
  ATTT_SYS_LEVEL: { from: 28, to: 88, den: 64, province: true },
  DTI_CQS_TG: { from: 0.452, to: 0.781, province: true, curve: 0.4 },
  KTS_GRDP: { from: 8.59, to: 13.8, den: 100314, province: true },
  KTS_GDP_NAT: { from: 12.7, to: 18.3, den: 1000, province: true },
  KTS_SECTOR: { from: 5.1, to: 9.2, den: 1000, province: true },
  TMDT_RETAIL: { from: 3.4, to: 9.1, den: 120000, province: true },
  DN_HDDT: { from: 41, to: 78, den: 9200 },
  SME_PLATFORM: { from: 18, to: 46, den: 8700 },
  LD_KTS: { from: 0.9, to: 1.9, den: 980000 },
  DN_CNS_1000: { from: 0.31, to: 0.62, den: 1780000 },
  DTI_KTS_TG: { from: 0.4856, to: 0.792, province: true, curve: 0.4 },
  DTI_KTS_RANK_TG: { from: 12, to: 10, province: true },
  FIBRE_HH: { from: 61, to: 83, den: 480000 },
  SMART_HH: { from: 84, to: 93, den: 480000 },
  SMART_ADULT: { from: 76, to: 88, den: 1300000 },
  MOBILE_SUBS_100: { from: 104, to: 118, den: 1780000 },
  BTS_COUNT: { from: 4700, to: 5900 },
  FIBRE_COMMUNE: { from: 88, to: 100, den: 164 },
  MOBILE_COVER_COMMUNE: { from: 100, to: 100, den: 164 },
  PAY_ACC_15: { from: 58, to: 81, den: 1420000 },
  EPAY_POP: { from: 31, to: 62, den: 1780000 },
  CKS_ADULT: { from: 4, to: 47, den: 1300000 },
  DVC_ADULT: { from: 11, to: 52, den: 1300000 },
  SKILL_WORKAGE: { from: 22, to: 66, den: 1150000 },
  EHR_POP: { from: 8, to: 86, den: 1780000 },
  TCNSCD_TEAMS: { from: 610, to: 1290, since: 2022 },
  TCNSCD_MEMBERS: { from: 3650, to: 8300, since: 2022 },
  DTI_XHS_TG: { from: 0.398, to: 0.772, province: true, curve: 0.4 },
  DTI_TG: { from: 0.47, to: 0.758, province: true, curve: 0.4 },
  DTI_RANK_TG: { from: 24, to: 16, province: true },
};

/** Returned once by the approver, with the reason, then corrected by the agency and approved. */
export const RETURNED_CELLS = [
  {
    indicatorCode: 'FIBRE_HH',
    orgUnitCode: '825',
    period: '2024S2',
    reason: 'Số hộ có cáp quang chưa khớp với số liệu của doanh nghiệp viễn thông (DEMO)',
  },
  {
    indicatorCode: 'DVCTT_L4',
    orgUnitCode: '818',
    period: '2024Q4',
    reason: 'Tổng số thủ tục khác danh mục đã công bố (DEMO)',
  },
  {
    indicatorCode: 'EHR_POP',
    orgUnitCode: '819',
    period: '2024',
    reason: 'Mẫu số dân số chưa cập nhật theo niên giám 2024 (DEMO)',
  },
  {
    indicatorCode: 'CKS_ADULT',
    orgUnitCode: '815',
    period: '2024',
    reason: 'Thiếu minh chứng số chữ ký số đã cấp (DEMO)',
  },
];

/** The programme tasks' demo states; the rest stay DRAFT. Overdue ones are left open, so escalations follow. */
export function demoTaskPlan() {
  const returned = 'Thiếu minh chứng kết quả thực hiện (DEMO)';
  return {
    'G1.N1.T1': { state: 'APPROVED', progress: [40, 100], returnedOnce: returned },
    'G1.N1.T2': { state: 'IN_PROGRESS', progress: [30, 60] },
    'G1.N2.T1': { state: 'SUBMITTED', progress: [100] },
    'G1.N2.T2': { state: 'IN_PROGRESS', progress: [40] },
    'G1.N3.T1': { state: 'ASSIGNED', progress: [] },
    'G1.N3.T2': { state: 'APPROVED', progress: [100] },
    'G1.N4.T1': { state: 'IN_PROGRESS', progress: [25] },
    'G1.N4.T2': { state: 'CANCELLED', reason: 'Gộp vào nhiệm vụ G1.N4.T1 sau sắp xếp bộ máy (DEMO)' },
    'G1.N5.T1': { state: 'APPROVED', progress: [60, 100] },
    'G1.N5.T2': { state: 'IN_PROGRESS', progress: [50, 80] },
    'G1.N5.T3': { state: 'SUBMITTED', progress: [100] },
    'G1.N6.T1': { state: 'IN_PROGRESS', progress: [50] },
    'G2.N7.T1': { state: 'APPROVED', progress: [100], returnedOnce: returned },
    'G2.N7.T2': { state: 'ASSIGNED', progress: [] },
    'G2.N9.T1': { state: 'IN_PROGRESS', progress: [35] },
    'G2.N9.T3': { state: 'IN_PROGRESS', progress: [70] },
    'G3.N8.T1': { state: 'APPROVED', progress: [100] },
    'G3.N8.T2': { state: 'IN_PROGRESS', progress: [60, 90] },
    'G3.N8.T3': { state: 'ASSIGNED', progress: [] },
    'G3.N8.T4': { state: 'SUBMITTED', progress: [100] },
  };
}

/** mulberry32: a small deterministic generator, so one seed gives one history. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The periods of a type from 2021 to 2025 with the day each ends. */
function periodsOf(type) {
  const out = [];
  for (let year = 2021; year <= 2025; year += 1) {
    if (type === 'YEARLY') out.push({ period: `${year}`, end: `${year}-12-31` });
    if (type === 'SIX_MONTHLY')
      out.push({ period: `${year}S1`, end: `${year}-06-30` }, { period: `${year}S2`, end: `${year}-12-31` });
    if (type === 'QUARTERLY')
      for (let q = 1; q <= 4; q += 1)
        out.push({ period: `${year}Q${q}`, end: new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10) });
    if (type === 'MONTHLY')
      for (let m = 1; m <= 12; m += 1)
        out.push({
          period: `${year}${String(m).padStart(2, '0')}`,
          end: new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10),
        });
  }
  return out;
}

const round = (value, digits) => Number(value.toFixed(digits));
/** The agency that publishes an indicator on a day: the responsible one, or its successor after 2025-03-01. */
const SUCCESSORS = { STTTT: 'SKHCN', SKHDT: 'STC', SLDTBXH: 'SNV' };
const agencyOn = (agency, day) => (day >= '2025-03-01' && SUCCESSORS[agency]) || agency;

/**
 * Every demo report: `{ agency, id, time, body }`, in publication order, and a few later corrections (a second
 * report of a figure). Most reports arrive ten days after their period ends; about one in twelve two months late.
 */
export function demoReports(indicators, seed) {
  const next = random(seed);
  const reports = [];
  const corrections = [];
  for (const indicator of indicators) {
    const path = PATHS[indicator.code];
    if (!path) continue;
    const periods = periodsOf(indicator.periodType).filter((p) => Number(p.end.slice(0, 4)) >= (path.since ?? 2021));
    periods.forEach(({ period, end }, i) => {
      // DTI scores rose fastest early (the national average went 0.40 → 0.68 from 2021 to 2023): a concave curve.
      const progress = (periods.length === 1 ? 1 : i / (periods.length - 1)) ** (path.curve ?? 1);
      const afterReform = end > '2025-06-30';
      const units = path.province || afterReform ? { 82: 1 } : DISTRICTS;
      for (const [unit, share] of Object.entries(units)) {
        const pace = unit === '82' ? 1 : (PACE[unit] ?? 0.94 + next() * 0.1);
        const noise = 1 + (next() - 0.5) * 0.03;
        const level = (path.from + (path.to - path.from) * progress * pace) * noise;
        const body = { indicatorCode: indicator.code, orgUnitCode: unit, period };
        if (indicator.ratio) {
          const denominator = Math.max(1, Math.round(path.den * share));
          const numerator = Math.round((level / indicator.ratio.factor) * denominator);
          body.numerator = indicator.unit === '%' ? Math.min(numerator, denominator) : numerator;
          body.denominator = denominator;
        } else if (indicator.unit === 'index') {
          body.value = round(Math.min(level, 1), 4);
        } else if (indicator.unit === 'rank') {
          body.value = Math.round(path.from + (path.to - path.from) * progress);
        } else {
          // Working days are an average (not shared out); counts, stocks and flows alike, are the unit's share.
          body.value = indicator.unit === 'working days' ? round(level, 1) : Math.max(0, Math.round(level * share));
        }
        const late = next() < 0.08;
        const time = new Date(Date.parse(`${end}T03:00:00Z`) + (late ? 62 : 10) * 86400000).toISOString();
        const agency = agencyOn(indicator.responsibleAgency, time.slice(0, 10));
        const id = `demo-${seed}-${indicator.code}-${unit}-${period}`;
        reports.push({ agency, id, time, body });
        if (next() < 0.03) {
          const corrected =
            body.value !== undefined
              ? {
                  ...body,
                  value: indicator.unit === 'index' ? round(body.value * 0.99, 4) : Math.round(body.value * 1.02),
                }
              : { ...body, numerator: Math.max(0, body.numerator - Math.round(body.numerator * 0.02)) };
          corrections.push({
            agency,
            id: `${id}-corrected`,
            time: new Date(Date.parse(time) + 21 * 86400000).toISOString(),
            body: corrected,
          });
        }
      }
    });
  }
  return { reports, corrections };
}
