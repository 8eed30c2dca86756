#!/usr/bin/env node
// How an agency publishes indicator values to DX Hub: plain kafkajs, nothing from this repository.
//
//   node examples/publish-indicator-values.mjs --agency=STTTT --indicator=BTS_COUNT --org-unit=815 --period=2024S2 --value=412
//   node examples/publish-indicator-values.mjs --agency=STTTT --indicator=FIBRE_HH --org-unit=815 --period=2024S2 --numerator=41250 --denominator=52000
//
// Each event is a CloudEvent in binary mode: ce_* headers and a JSON body, keyed by the indicator code,
// on the agency's own topic dx.agency.<AGENCY>.indicator-values. ce_id must be unique per event: the
// platform counts an id once however often it arrives. ce_source must be /agencies/<AGENCY>.
import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k, v.join('=')];
  }),
);
const agency = args.agency ?? 'STTTT';
const body = {
  indicatorCode: args.indicator ?? 'BTS_COUNT',
  orgUnitCode: args['org-unit'] ?? '815',
  period: args.period ?? '2024S2',
};
if (args.numerator !== undefined)
  Object.assign(body, { numerator: Number(args.numerator), denominator: Number(args.denominator) });
else body.value = Number(args.value ?? 412);

const kafka = new Kafka({
  clientId: `agency-${agency}`,
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.WARN,
});
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
await producer.connect();
const id = args.id ?? randomUUID();
await producer.send({
  topic: `${process.env.KAFKA_TOPIC_PREFIX ?? ''}dx.agency.${agency}.indicator-values`,
  acks: -1,
  messages: [
    {
      key: body.indicatorCode,
      value: JSON.stringify(body),
      headers: {
        ce_specversion: '1.0',
        ce_id: id,
        ce_source: `/agencies/${agency}`,
        ce_type: 'dx.indicator-value.reported',
        ce_time: new Date().toISOString(),
        'content-type': 'application/json',
      },
    },
  ],
});
await producer.disconnect();
console.log(JSON.stringify({ published: id, agency, ...body }));
