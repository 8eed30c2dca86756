import type { Dictionary } from '../../i18n/language';

/** The dashboard's words: Vietnamese first, English beside it (the same keys, checked by the compiler). */
export const TEXT: Dictionary<
  | 'achievement'
  | 'achievementCounted'
  | 'againstTargets'
  | 'agency'
  | 'agencyReports'
  | 'allGroups'
  | 'allStatuses'
  | 'back'
  | 'baseline'
  | 'boundariesOf'
  | 'builtFrom'
  | 'byDueDate'
  | 'byUnit'
  | 'chartShowsPage'
  | 'childFigures'
  | 'clearFilters'
  | 'close'
  | 'completeness'
  | 'connecting'
  | 'counted'
  | 'countedNo'
  | 'countedYes'
  | 'coverage'
  | 'coverageText'
  | 'disciplineChart'
  | 'disciplineChartLabel'
  | 'dueDate'
  | 'dueRule'
  | 'dueRuleText'
  | 'eventId'
  | 'expected'
  | 'explainOf'
  | 'explanation'
  | 'formulaDiscipline'
  | 'formulaIndex'
  | 'formulaOverall'
  | 'formulaPillar'
  | 'framework'
  | 'hideEmpty'
  | 'hierarchy'
  | 'howComputed'
  | 'indicator'
  | 'indicatorAndTrend'
  | 'indicators'
  | 'indicatorsOf'
  | 'lastChange'
  | 'latestIn'
  | 'leagueChartLabel'
  | 'level'
  | 'level1'
  | 'level2'
  | 'level3'
  | 'live'
  | 'mainIndex'
  | 'maxPoints'
  | 'moreReports'
  | 'nationalAverage'
  | 'nationalAverageShort'
  | 'noChildScores'
  | 'noFigures'
  | 'noFiguresForUnits'
  | 'noScores'
  | 'noUnitsBelow'
  | 'nothingReported'
  | 'numeratorDenominator'
  | 'obligation'
  | 'obligations'
  | 'offline'
  | 'onTime'
  | 'orgUnit'
  | 'otherGroup'
  | 'overallScore'
  | 'overallShort'
  | 'owingOnly'
  | 'ownFigure'
  | 'ownReports'
  | 'parentUnit'
  | 'pathTo'
  | 'period'
  | 'pillar'
  | 'pillarOrIndex'
  | 'pillarsAgainstTargets'
  | 'pillarsChartLabel'
  | 'points'
  | 'pointsEarned'
  | 'pointsInferred'
  | 'pointsOf'
  | 'projected'
  | 'projectionMet'
  | 'projectionMetAt'
  | 'projectionMissed'
  | 'projectionNone'
  | 'provinceTarget'
  | 'provinceValue'
  | 'publishedResults'
  | 'rank'
  | 'rankBy'
  | 'rankedOnly'
  | 'ratioFormula'
  | 'received'
  | 'receivedAt'
  | 'reportedAt'
  | 'reportedEvery'
  | 'reportsCount'
  | 'reportsN'
  | 'reportsOfUnits'
  | 'responsibleAgency'
  | 'rule_AVERAGE'
  | 'rule_LAST'
  | 'rule_MAX'
  | 'rule_MIN'
  | 'rule_RATIO'
  | 'rule_SUM'
  | 'rules'
  | 'ruleTime'
  | 'ruleUnits'
  | 'scope'
  | 'scopeChildren'
  | 'scopeLevel2'
  | 'scopeLevel3'
  | 'score'
  | 'scoredIndicators'
  | 'searchAgenciesUnits'
  | 'searchIndicators'
  | 'searchReports'
  | 'searchUnits'
  | 'seePeriod'
  | 'someYearsMissing'
  | 'status'
  | 'status_awaiting-judgement'
  | 'status_no-data'
  | 'status_no-target'
  | 'status_off-track'
  | 'status_on-track'
  | 'status_within-tolerance'
  | 'statusShort_awaiting-judgement'
  | 'statusShort_no-data'
  | 'statusShort_no-target'
  | 'statusShort_off-track'
  | 'statusShort_on-track'
  | 'statusShort_within-tolerance'
  | 'target'
  | 'targetFull'
  | 'targetOfYear'
  | 'targetPath'
  | 'targets'
  | 'tasksLed'
  | 'tasksOnTime'
  | 'tasksOverdue'
  | 'tasksReturned'
  | 'timeliness'
  | 'totalAgencies'
  | 'totalIndicators'
  | 'totalUnits'
  | 'trend'
  | 'trendChartLabel'
  | 'trendOf'
  | 'unitCode'
  | 'unitNotInPeriod'
  | 'unitsBelow'
  | 'value'
  | 'valueSeries'
  | 'version'
  | 'view'
  | 'viewAgencies'
  | 'viewDue'
  | 'viewUnits'
  | 'withTargetsOnly'
  | 'yearlyNote'
> = {
  vi: {
    achievement: 'Mức đạt',
    achievementCounted: 'Mức đạt được tính (tối đa 100 %)',
    againstTargets: 'So với mục tiêu',
    agency: 'Cơ quan',
    agencyReports: 'Báo cáo của các cơ quan',
    allGroups: 'Mọi trụ cột và chỉ số chính',
    allStatuses: 'Mọi trạng thái',
    back: 'Quay lại',
    baseline: 'Mốc cơ sở',
    boundariesOf: 'Địa giới hành chính năm',
    builtFrom: 'Tổng hợp từ',
    byDueDate: 'Theo hạn nộp',
    byUnit: 'Theo đơn vị hành chính',
    chartShowsPage: 'Biểu đồ thể hiện các đơn vị ở trang đang xem của bảng.',
    childFigures: 'Số liệu của các đơn vị trực thuộc',
    clearFilters: 'Xóa bộ lọc',
    close: 'Đóng',
    completeness: 'Tỷ lệ đầy đủ',
    connecting: 'Đang kết nối…',
    counted: 'Được tính',
    countedNo: 'Không tính',
    countedYes: 'Có tính',
    coverage: 'Mức phủ dữ liệu',
    coverageText: 'Các chỉ số có số liệu chiếm {share} % tổng điểm',
    disciplineChart: 'Tỷ lệ đầy đủ và đúng hạn theo cơ quan',
    disciplineChartLabel: 'Biểu đồ cột: tỷ lệ đầy đủ / đúng hạn của từng cơ quan. {values}',
    dueDate: 'Hạn nộp',
    dueRule: 'Quy định hạn nộp',
    dueRuleText: '{days} ngày làm việc sau ngày chốt số liệu',
    eventId: 'Mã sự kiện',
    expected: 'Phải nộp',
    explainOf: 'Xem cách tính: {what}',
    explanation: 'Cách tính số liệu',
    formulaDiscipline:
      'Tỷ lệ đầy đủ = số báo cáo đã nhận / số báo cáo phải nộp; tỷ lệ đúng hạn = số báo cáo nhận đến hết hạn nộp / số báo cáo phải nộp.',
    formulaIndex: 'Điểm chỉ số chính = trung bình mức đạt (tối đa 100 %) của các chỉ tiêu có mục tiêu và có số liệu.',
    formulaOverall:
      'Điểm tổng thể = Σ(điểm chỉ số chính × điểm tối đa) ÷ Σ điểm tối đa của các chỉ số chính có điểm; số điểm = điểm × 1.000.',
    formulaPillar: 'Điểm trụ cột = Σ(điểm chỉ số chính × điểm tối đa) ÷ Σ điểm tối đa của các chỉ số chính có điểm.',
    framework: 'Bộ chỉ số',
    hideEmpty: 'Ẩn chỉ tiêu chưa có số liệu',
    hierarchy: 'Cấp hành chính',
    howComputed: 'Cách tính',
    indicator: 'Chỉ tiêu',
    indicatorAndTrend: 'Chỉ tiêu và diễn biến qua các năm',
    indicators: 'Chỉ tiêu',
    indicatorsOf: 'Các chỉ tiêu',
    lastChange: 'cập nhật lúc {time}',
    latestIn: 'Năm {year}',
    leagueChartLabel: 'Biểu đồ cột xếp hạng theo {measure}. {values}',
    level: 'Cấp',
    level1: 'Cấp tỉnh',
    level2: 'Cấp huyện',
    level3: 'Cấp xã',
    live: 'Trực tuyến',
    mainIndex: 'Chỉ số chính',
    maxPoints: 'Điểm tối đa',
    moreReports: 'Tải thêm báo cáo',
    nationalAverage: 'Trung bình cả nước',
    nationalAverageShort: 'TB cả nước',
    noChildScores: 'Chưa có điểm được công bố cho các đơn vị này trong kỳ đã chọn.',
    noFigures: 'Chưa có số liệu.',
    noFiguresForUnits: 'Các đơn vị này chưa có số liệu của chỉ tiêu trong kỳ đã chọn.',
    noScores: 'Chưa có điểm được công bố cho đơn vị và kỳ này.',
    noUnitsBelow: 'Đơn vị này không có đơn vị trực thuộc trong kỳ đã chọn.',
    nothingReported: 'Chưa có báo cáo nào cho số liệu này.',
    numeratorDenominator: 'Tử số / mẫu số',
    obligation: 'Nghĩa vụ báo cáo',
    obligations: 'Nghĩa vụ báo cáo của cơ quan',
    offline: 'Mất kết nối trực tuyến',
    onTime: 'Nộp đúng hạn',
    orgUnit: 'Đơn vị hành chính',
    otherGroup: 'Khác',
    overallScore: 'Điểm chuyển đổi số tổng thể',
    overallShort: 'Tổng thể',
    owingOnly: 'Chỉ cơ quan có nghĩa vụ trong kỳ',
    ownFigure: 'Số liệu do chính đơn vị báo cáo',
    ownReports: 'báo cáo cấp tỉnh',
    parentUnit: 'Đơn vị cấp trên',
    pathTo: 'lộ trình đến mục tiêu năm {year}',
    period: 'Kỳ báo cáo',
    pillar: 'Trụ cột',
    pillarOrIndex: 'Trụ cột / chỉ số chính',
    pillarsAgainstTargets: 'Các trụ cột so với mục tiêu',
    pillarsChartLabel: 'Biểu đồ cột: điểm tổng thể và điểm từng trụ cột so với mục tiêu 100 %. {values}',
    points: 'Số điểm',
    pointsEarned: 'Điểm đạt',
    pointsInferred:
      'Điểm tối đa của từng chỉ số chính theo bộ chỉ số này chưa được công bố; tạm dùng cách chia điểm của bộ chỉ số trước.',
    pointsOf: '{points} / {max} điểm',
    projected: 'Dự báo theo nhịp hiện tại',
    projectionMet: 'Theo nhịp hiện tại, năm {year} đạt {value}: đạt mục tiêu.',
    projectionMetAt: 'Đạt mục tiêu vào khoảng năm {year}.',
    projectionMissed: 'Theo nhịp hiện tại, năm {year} đạt {value}: còn thiếu {shortfall}.',
    projectionNone: 'Chưa đủ số liệu để dự báo mục tiêu năm {year}.',
    provinceTarget: 'Mục tiêu của tỉnh: {value}',
    provinceValue: 'Toàn tỉnh: {value}',
    publishedResults: 'Kết quả DTI đã công bố',
    rank: 'Hạng',
    rankBy: 'Xếp hạng theo',
    rankedOnly: 'Chỉ đơn vị có xếp hạng',
    ratioFormula: '{numerator} / {denominator} × {factor}',
    received: 'Đã nhận',
    receivedAt: 'Thời điểm tiếp nhận',
    reportedAt: 'Thời điểm báo cáo',
    reportedEvery: 'Tần suất báo cáo',
    reportsCount: 'Số báo cáo',
    reportsN: '{n} báo cáo',
    reportsOfUnits: '{reports} báo cáo của {units} đơn vị',
    responsibleAgency: 'Cơ quan chịu trách nhiệm',
    rule_AVERAGE: 'trung bình',
    rule_LAST: 'lấy số liệu kỳ cuối',
    rule_MAX: 'lấy giá trị lớn nhất',
    rule_MIN: 'lấy giá trị nhỏ nhất',
    rule_RATIO: 'tỷ lệ (cộng tử số, cộng mẫu số)',
    rule_SUM: 'cộng dồn',
    rules: 'Quy tắc tổng hợp',
    ruleTime: 'Theo thời gian',
    ruleUnits: 'Theo đơn vị',
    scope: 'Phạm vi',
    scopeChildren: 'Các đơn vị trực thuộc',
    scopeLevel2: 'Tất cả đơn vị cấp huyện',
    scopeLevel3: 'Tất cả đơn vị cấp xã',
    score: 'Điểm',
    scoredIndicators: 'Chỉ tiêu được chấm',
    searchAgenciesUnits: 'Tìm cơ quan, đơn vị',
    searchIndicators: 'Tìm chỉ tiêu (tên hoặc mã)',
    searchReports: 'Tìm đơn vị hoặc mã sự kiện',
    searchUnits: 'Tìm đơn vị',
    seePeriod: 'Xem {period}',
    someYearsMissing: 'Không có bảng điểm của {n} năm cho đơn vị này (đơn vị chưa có hoặc không còn trong năm đó).',
    status: 'Trạng thái',
    'status_awaiting-judgement': 'Đang đánh giá',
    'status_no-data': 'Chưa có số liệu',
    'status_no-target': 'Chưa có mục tiêu',
    'status_off-track': 'Chậm so với lộ trình',
    'status_on-track': 'Đạt lộ trình',
    'status_within-tolerance': 'Trong ngưỡng cho phép',
    'statusShort_awaiting-judgement': 'đang đánh giá',
    'statusShort_no-data': 'chưa có số liệu',
    'statusShort_no-target': 'chưa có mục tiêu',
    'statusShort_off-track': 'chậm',
    'statusShort_on-track': 'đạt',
    'statusShort_within-tolerance': 'trong ngưỡng',
    target: 'Mục tiêu',
    targetFull: 'Mục tiêu 100 %',
    targetOfYear: 'mục tiêu năm {year}',
    targetPath: 'Lộ trình mục tiêu',
    targets: 'Mục tiêu',
    tasksLed: 'Nhiệm vụ chủ trì',
    tasksOnTime: 'Xong đúng hạn',
    tasksOverdue: 'Quá hạn',
    tasksReturned: 'Bị trả lại',
    timeliness: 'Tỷ lệ đúng hạn',
    totalAgencies: '{n} cơ quan',
    totalIndicators: '{n} chỉ tiêu',
    totalUnits: '{n} đơn vị',
    trend: 'Xu hướng',
    trendChartLabel: 'Biểu đồ đường: {name} qua các năm, lộ trình mục tiêu và trung bình cả nước. {values}',
    trendOf: 'Xu hướng của {name}',
    unitCode: 'Đơn vị mã {code}',
    unitNotInPeriod:
      'Đơn vị {unit} không còn trong địa giới hành chính ngày {date} (sắp xếp đơn vị hành chính); số liệu chỉ gồm phần trước khi sắp xếp.',
    unitsBelow: 'Đơn vị trực thuộc ({level})',
    value: 'Giá trị',
    valueSeries: 'Giá trị',
    version: 'Phiên bản, cập nhật',
    view: 'Xem theo',
    viewAgencies: 'Cơ quan',
    viewDue: 'Hạn nộp',
    viewUnits: 'Đơn vị hành chính',
    withTargetsOnly: 'Chỉ chỉ tiêu có mục tiêu',
    yearlyNote: 'Giá trị năm, tổng hợp theo quy tắc của từng chỉ tiêu.',
  },
  en: {
    achievement: 'Achievement',
    achievementCounted: 'Achievement counted (at most 100 %)',
    againstTargets: 'Against targets',
    agency: 'Agency',
    agencyReports: "Agencies' reports",
    allGroups: 'All pillars and main indexes',
    allStatuses: 'All statuses',
    back: 'Back',
    baseline: 'Baseline',
    boundariesOf: 'Administrative boundaries of',
    builtFrom: 'Built from',
    byDueDate: 'By due date',
    byUnit: 'By administrative unit',
    chartShowsPage: 'The chart shows the units on the page of the table shown.',
    childFigures: 'Figures of the units below',
    clearFilters: 'Clear filters',
    close: 'Close',
    completeness: 'Completeness',
    connecting: 'Connecting…',
    counted: 'Counted',
    countedNo: 'Not counted',
    countedYes: 'Counted',
    coverage: 'Data coverage',
    coverageText: 'Main indexes with figures weigh {share} % of the total points',
    disciplineChart: 'Completeness and timeliness by agency',
    disciplineChartLabel: 'Bar chart: completeness / timeliness of each agency. {values}',
    dueDate: 'Due date',
    dueRule: 'Due rule',
    dueRuleText: '{days} working days after the cut-off',
    eventId: 'Event id',
    expected: 'Owed',
    explainOf: 'How it is computed: {what}',
    explanation: 'How the figure is built',
    formulaDiscipline:
      'Completeness = reports received / reports owed; timeliness = reports received by the due day / reports owed.',
    formulaIndex: 'Main-index score = mean achievement (at most 100 %) of its indicators with a target and a figure.',
    formulaOverall:
      'Overall score = Σ(main-index score × points) ÷ Σ points of the main indexes with a score; points = score × 1,000.',
    formulaPillar: 'Pillar score = Σ(main-index score × points) ÷ Σ points of its main indexes with a score.',
    framework: 'Framework',
    hideEmpty: 'Hide indicators without figures',
    hierarchy: 'Administrative levels',
    howComputed: 'How it is computed',
    indicator: 'Indicator',
    indicatorAndTrend: 'Indicator and its course over the years',
    indicators: 'Indicators',
    indicatorsOf: 'Indicators',
    lastChange: 'updated {time}',
    latestIn: 'Year {year}',
    leagueChartLabel: 'Bar chart ranking by {measure}. {values}',
    level: 'Level',
    level1: 'Province',
    level2: 'District level',
    level3: 'Commune level',
    live: 'Live',
    mainIndex: 'Main index',
    maxPoints: 'Maximum points',
    moreReports: 'Load more reports',
    nationalAverage: 'National average',
    nationalAverageShort: 'National avg.',
    noChildScores: 'No scores have been published for these units in the chosen period.',
    noFigures: 'No figures yet.',
    noFiguresForUnits: 'These units have no figure of the indicator in the chosen period.',
    noScores: 'No scores have been published for this unit and period.',
    noUnitsBelow: 'This unit has no units below it in the chosen period.',
    nothingReported: 'Nothing has been reported for this figure yet.',
    numeratorDenominator: 'Numerator / denominator',
    obligation: 'Reporting obligation',
    obligations: "The agency's reporting obligations",
    offline: 'Live updates lost',
    onTime: 'On time',
    orgUnit: 'Administrative unit',
    otherGroup: 'Other',
    overallScore: 'Overall digital-transformation score',
    overallShort: 'Overall',
    owingOnly: 'Only agencies owing reports in the period',
    ownFigure: "The unit's own reported figure",
    ownReports: 'province-level reports',
    parentUnit: 'Parent unit',
    pathTo: 'path to the {year} target',
    period: 'Period',
    pillar: 'Pillar',
    pillarOrIndex: 'Pillar / main index',
    pillarsAgainstTargets: 'Pillars against their targets',
    pillarsChartLabel: 'Bar chart: the overall and pillar scores against the 100 % target. {values}',
    points: 'Points',
    pointsEarned: 'Points earned',
    pointsInferred:
      "This framework's points per main index have not been published; the previous framework's split is used meanwhile.",
    pointsOf: '{points} / {max} points',
    projected: 'Projected at the current pace',
    projectionMet: 'At the current pace, {year} reaches {value}: target met.',
    projectionMetAt: 'Target met around {year}.',
    projectionMissed: 'At the current pace, {year} reaches {value}: short by {shortfall}.',
    projectionNone: 'Not enough figures to project the {year} target.',
    provinceTarget: 'Province target: {value}',
    provinceValue: 'Province: {value}',
    publishedResults: 'Published DTI results',
    rank: 'Rank',
    rankBy: 'Rank by',
    rankedOnly: 'Ranked units only',
    ratioFormula: '{numerator} / {denominator} × {factor}',
    received: 'Received',
    receivedAt: 'Received at',
    reportedAt: 'Reported at',
    reportedEvery: 'Reported every',
    reportsCount: 'Reports',
    reportsN: '{n} reports',
    reportsOfUnits: '{reports} reports of {units} units',
    responsibleAgency: 'Responsible agency',
    rule_AVERAGE: 'average',
    rule_LAST: 'latest sub-period',
    rule_MAX: 'largest value',
    rule_MIN: 'smallest value',
    rule_RATIO: 'ratio (numerators and denominators summed)',
    rule_SUM: 'sum',
    rules: 'Aggregation rules',
    ruleTime: 'Over time',
    ruleUnits: 'Over units',
    scope: 'Scope',
    scopeChildren: 'Units below',
    scopeLevel2: 'All district-level units',
    scopeLevel3: 'All commune-level units',
    score: 'Score',
    scoredIndicators: 'Indicators scored',
    searchAgenciesUnits: 'Search agencies, units',
    searchIndicators: 'Search indicators (name or code)',
    searchReports: 'Search unit or event id',
    searchUnits: 'Search units',
    seePeriod: 'See {period}',
    someYearsMissing: 'No scorecard for {n} years of this unit (it did not exist yet, or no longer, in those years).',
    status: 'Status',
    'status_awaiting-judgement': 'Being judged',
    'status_no-data': 'No figure',
    'status_no-target': 'No target',
    'status_off-track': 'Off track',
    'status_on-track': 'On track',
    'status_within-tolerance': 'Within tolerance',
    'statusShort_awaiting-judgement': 'being judged',
    'statusShort_no-data': 'no figure',
    'statusShort_no-target': 'no target',
    'statusShort_off-track': 'off track',
    'statusShort_on-track': 'on track',
    'statusShort_within-tolerance': 'within tolerance',
    target: 'Target',
    targetFull: 'Target 100 %',
    targetOfYear: '{year} target',
    targetPath: 'Target path',
    targets: 'Targets',
    tasksLed: 'Tasks led',
    tasksOnTime: 'Done on time',
    tasksOverdue: 'Overdue',
    tasksReturned: 'Returned',
    timeliness: 'Timeliness',
    totalAgencies: '{n} agencies',
    totalIndicators: '{n} indicators',
    totalUnits: '{n} units',
    trend: 'Trend',
    trendChartLabel: 'Line chart: {name} over the years, its target path and the national average. {values}',
    trendOf: 'Trend of {name}',
    unitCode: 'Unit code {code}',
    unitNotInPeriod:
      'Unit {unit} is no longer within the administrative boundaries of {date} (units were reorganised); its figures cover only the time before.',
    unitsBelow: 'Units below ({level})',
    value: 'Value',
    valueSeries: 'Value',
    version: 'Version, updated',
    view: 'View by',
    viewAgencies: 'Agencies',
    viewDue: 'Due dates',
    viewUnits: 'Administrative units',
    withTargetsOnly: 'Indicators with targets only',
    yearlyNote: 'Yearly figures, aggregated by each indicator’s rules.',
  },
};
