import { frameworkFor, scoreByFramework, type ScoringFramework } from './framework-scores';

const index = (code: string, group: string, maxPoints: number | null) => ({
  code,
  nameVi: code,
  nameEn: code,
  group,
  maxPoints,
});
const COMMON = ['NT', 'TC', 'HT', 'NL', 'AT'];

// The provincial DTI under QĐ 922/QĐ-BTTTT (DOMAIN.md §1.2), and DTI-2025 whose point split is not known.
const DTI_2022: ScoringFramework = {
  framework: 'DTI-2022',
  decision: 'QĐ 922/QĐ-BTTTT',
  years: [2021, 2022, 2023],
  indexes: [
    ...COMMON.map((c) => index(c, 'COMMON', 100)),
    index('DTTM', 'COMMON', 0),
    index('HDCQS', 'ACTIVITY', 200),
    index('HDKTS', 'ACTIVITY', 150),
    index('HDXHS', 'ACTIVITY', 150),
  ],
  pillars: [
    { code: 'CQS', nameVi: 'Chính quyền số', nameEn: 'Digital government', indexes: [...COMMON, 'DTTM', 'HDCQS'] },
    { code: 'KTS', nameVi: 'Kinh tế số', nameEn: 'Digital economy', indexes: [...COMMON, 'HDKTS'] },
    { code: 'XHS', nameVi: 'Xã hội số', nameEn: 'Digital society', indexes: [...COMMON, 'HDXHS'] },
  ],
  total: { maxPoints: 1000, formula: 'sum of main-index points / 1000' },
};
const DTI_2025: ScoringFramework = {
  ...DTI_2022,
  framework: 'DTI-2025',
  decision: 'QĐ 405/QĐ-BKHCN',
  years: [2024, 2025],
  indexes: DTI_2022.indexes.filter((i) => i.code !== 'DTTM').map((i) => ({ ...i, maxPoints: null })),
};
const FRAMEWORKS = [DTI_2022, DTI_2025];

describe('frameworkFor', () => {
  it('picks the framework listing the year, the last one after it, and borrows missing points', () => {
    expect(frameworkFor(FRAMEWORKS, 2022)).toMatchObject({ framework: 'DTI-2022', pointsInferred: false });
    const later = frameworkFor(FRAMEWORKS, 2027);
    expect(later).toMatchObject({ framework: 'DTI-2025', pointsInferred: true });
    expect(later.indexes.find((i) => i.code === 'HDCQS')?.maxPoints).toBe(200);
    expect(frameworkFor(FRAMEWORKS, 2019).framework).toBe('DTI-2022');
  });
});

describe('scoreByFramework', () => {
  it('reproduces Đà Nẵng’s published DTI 2022 (0.8002) from its main-index values', () => {
    // dti.gov.vn 2022: NT 1.0000, TC 0.9000, HT 0.8253, NL 0.8487, AT 0.7578, HĐCQS 0.8575, HĐKTS 0.7836, HĐXHS 0.5197.
    // (100·(1 + 0.9 + 0.8253 + 0.8487 + 0.7578) + 200·0.8575 + 150·0.7836 + 150·0.5197) / 1000 = 800.175 / 1000.
    const published: [string, string][] = [
      ['NT', '100'],
      ['TC', '90'],
      ['HT', '82.53'],
      ['NL', '84.87'],
      ['AT', '75.78'],
      ['HDCQS', '85.75'],
      ['HDKTS', '78.36'],
      ['HDXHS', '51.97'],
    ];
    const scores = scoreByFramework(
      frameworkFor(FRAMEWORKS, 2022),
      published.map(([subIndex, achievement]) => ({ subIndex, achievement })),
    );
    expect(scores.overall).toEqual({ score: '0.8002', points: '800.2', maxPoints: 1000, coverage: '1' });
    // CQS: (433.18 + 171.5) / 700 = 0.86383…; KTS: (433.18 + 117.54) / 650 = 0.84726…; XHS: (433.18 + 77.955) / 650 = 0.78636…
    expect(scores.pillars.map((p) => [p.code, p.score, p.maxPoints])).toEqual([
      ['CQS', '0.8638', 700],
      ['KTS', '0.8473', 650],
      ['XHS', '0.7864', 650],
    ]);
  });

  it('averages an index’s achievements clamped at 100 %, and leaves out indexes without data', () => {
    const scores = scoreByFramework(frameworkFor(FRAMEWORKS, 2023), [
      { subIndex: 'HT', achievement: '120' }, // counts as 100
      { subIndex: 'HT', achievement: '70' },
      { subIndex: 'HT', achievement: null },
      { subIndex: 'HDCQS', achievement: '50' },
      { subIndex: null, achievement: '90' }, // outside the index structure
    ]);
    expect(scores.indexes.find((i) => i.code === 'HT')).toMatchObject({ score: '0.85', scored: 2, indicators: 3 });
    expect(scores.indexes.find((i) => i.code === 'NT')).toMatchObject({ score: null, scored: 0 });
    // (0.85·100 + 0.5·200) / 300 = 0.61666…
    expect(scores.overall).toEqual({ score: '0.6167', points: '616.7', maxPoints: 1000, coverage: '0.3' });
    expect(scores.pillars.find((p) => p.code === 'KTS')?.score).toBe('0.85');
    expect(scoreByFramework(frameworkFor(FRAMEWORKS, 2023), []).overall.score).toBeNull();
  });
});
