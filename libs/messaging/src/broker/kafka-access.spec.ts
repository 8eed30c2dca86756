import { agencyPrincipalName, aclKey, kafkaAccessPlan, kafkaPrincipals } from './kafka-access';

describe('kafkaAccessPlan', () => {
  const plan = kafkaAccessPlan({ topicPrefix: 'staging.', agencyCodes: ['STTTT', 'SYT'] });
  const of = (principal: string) =>
    plan
      .filter((b) => b.principal === `User:${principal}`)
      .map(aclKey)
      .sort();

  it('lets an agency write its own topics and nothing else, and read nothing', () => {
    expect(of('agency-stttt')).toEqual([
      'ALLOW User:agency-stttt DESCRIBE TOPIC:PREFIXED:staging.dx.agency.STTTT.',
      'ALLOW User:agency-stttt WRITE TOPIC:PREFIXED:staging.dx.agency.STTTT.',
      'DENY User:agency-stttt WRITE TOPIC:LITERAL:staging.dx.agency.STTTT.indicator-values.dlq',
      'DENY User:agency-stttt WRITE TOPIC:LITERAL:staging.dx.agency.STTTT.task-progress.dlq',
    ]);
  });

  it('gives the indicators service its input prefix, group, output topic and the dead-letter topics of its input', () => {
    const indicators = of('svc-indicators');
    expect(indicators).toEqual(
      expect.arrayContaining([
        'ALLOW User:svc-indicators READ TOPIC:PREFIXED:staging.dx.agency.',
        'ALLOW User:svc-indicators CREATE TOPIC:PREFIXED:staging.dx.agency.',
        'ALLOW User:svc-indicators READ GROUP:LITERAL:staging.indicators-intake',
        'ALLOW User:svc-indicators WRITE TOPIC:LITERAL:staging.dx.agency.SYT.indicator-values.dlq',
        'ALLOW User:svc-indicators WRITE TOPIC:LITERAL:staging.dx.indicators.events',
        'ALLOW User:svc-indicators WRITE TOPIC:LITERAL:staging.dx.rejections.events',
      ]),
    );
    // It may not write an agency's own topic: that would let it forge agency traffic.
    const output = /(\.dlq|dx\.indicators\.events|dx\.rejections\.events)$/;
    expect(indicators.filter((k) => k.includes('WRITE') && !output.test(k))).toEqual([]);
  });

  it("gives the tasks service the agencies' task-progress input, its dead letters, the indicators' events and its output", () => {
    const tasks = of('svc-tasks');
    expect(tasks).toEqual(
      expect.arrayContaining([
        'ALLOW User:svc-tasks READ TOPIC:PREFIXED:staging.dx.agency.',
        'ALLOW User:svc-tasks READ GROUP:LITERAL:staging.tasks-progress-intake',
        'ALLOW User:svc-tasks WRITE TOPIC:LITERAL:staging.dx.agency.SYT.task-progress.dlq',
        'ALLOW User:svc-tasks READ TOPIC:LITERAL:staging.dx.indicators.events',
        'ALLOW User:svc-tasks READ GROUP:LITERAL:staging.tasks-indicator-readings',
        'ALLOW User:svc-tasks WRITE TOPIC:LITERAL:staging.dx.tasks.events',
        'ALLOW User:svc-tasks WRITE TOPIC:LITERAL:staging.dx.rejections.events',
      ]),
    );
    const output = /(\.dlq|dx\.tasks\.events|dx\.rejections\.events)$/;
    expect(tasks.filter((k) => k.includes('WRITE') && !output.test(k))).toEqual([]);
  });

  it('gives reporting read on what it projects and nothing on agency topics', () => {
    expect(of('svc-reporting')).toEqual(
      expect.arrayContaining([
        'ALLOW User:svc-reporting READ TOPIC:LITERAL:staging.dx.indicators.events',
        'ALLOW User:svc-reporting READ GROUP:LITERAL:staging.reporting-aggregates',
        'ALLOW User:svc-reporting READ TOPIC:LITERAL:staging.dx.tasks.events',
        'ALLOW User:svc-reporting READ GROUP:LITERAL:staging.reporting-tasks',
        'ALLOW User:svc-reporting WRITE TOPIC:LITERAL:staging.dx.reporting.events',
        'ALLOW User:svc-reporting READ GROUP:PREFIXED:staging.reporting-replay-',
      ]),
    );
    expect(of('svc-reporting').some((k) => k.includes('dx.agency.'))).toBe(false);
  });

  it('names one principal per agency and per service, and refuses codes that are not topic-safe', () => {
    expect(kafkaPrincipals(['STTTT'])).toEqual([
      'agency-stttt',
      'svc-tasks',
      'svc-indicators',
      'svc-notifications',
      'svc-reporting',
    ]);
    expect(() => agencyPrincipalName('st.ttt')).toThrow(RangeError);
  });
});
