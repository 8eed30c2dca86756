import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgencyStreams, EVENT_CATALOG, EventTypes, validatePayload } from '@dxhub/contracts';
import { IsEmail, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { parse } from 'yaml';
import {
  type AsyncApiDocument,
  type AsyncApiMessage,
  buildAsyncApiDocument,
  type CatalogEntry,
  DHIS2_PERIOD_PATTERN,
  findWorkspaceRoot,
  type JsonSchema,
} from './asyncapi-document';
import { ASYNCAPI_FILE, renderAsyncApiYaml, STALE_HINT } from './generate';
import { schemaErrors } from './json-schema-errors';

const catalog: readonly CatalogEntry[] = Object.values(EVENT_CATALOG);
const document = buildAsyncApiDocument();

describe('docs/asyncapi.yaml', () => {
  it('is what the generator makes of the contracts today', () => {
    const committed = readFileSync(join(findWorkspaceRoot(), ASYNCAPI_FILE), 'utf8');
    const generated = renderAsyncApiYaml(document);
    if (committed !== generated) throw new Error(`${STALE_HINT}\n${firstDifference(committed, generated)}`);
  });

  it('reads back as the document it is written from (YAML keeps every string a string)', () => {
    expect(parse(renderAsyncApiYaml(document))).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe('buildAsyncApiDocument', () => {
  it('is an AsyncAPI 3.0.0 document whose operations point at channels and messages that exist', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(Object.keys(document.operations).length).toBeGreaterThan(0);
    for (const [id, operation] of Object.entries(document.operations)) {
      const channelRef = operation.channel.$ref;
      expect({ id, channel: resolve(document, channelRef) }).toEqual({
        id,
        channel: expect.objectContaining({ address: expect.any(String) }),
      });
      for (const { $ref } of operation.messages) {
        // An operation's messages must be a subset of its channel's.
        expect({ id, ref: $ref.startsWith(`${channelRef}/messages/`) }).toEqual({ id, ref: true });
        expect({ id, message: resolve(document, $ref) }).toEqual({
          id,
          message: expect.objectContaining({ $ref: expect.any(String) }),
        });
      }
    }
  });

  it('has no dangling $ref anywhere, and ids AsyncAPI accepts', () => {
    for (const ref of collectRefs(document))
      expect({ ref, resolved: resolve(document, ref) !== undefined }).toEqual({ ref, resolved: true });
    const ids = [
      ...Object.keys(document.channels),
      ...Object.keys(document.operations),
      ...Object.keys(document.components.messages),
    ];
    for (const id of ids) expect(id).toMatch(/^[\w.-]+$/);
  });

  it('describes every catalog event as a message with headers, a payload schema, a key and its example', () => {
    for (const entry of catalog) {
      const message = messageOf(document, entry);
      expect(message.contentType).toBe('application/json');
      expect(message.payload).toMatchObject({ type: 'object', additionalProperties: false, title: entry.payload.name });
      expect(Object.keys(message.payload.properties ?? {})).toContain(entry.keyProperty);
      expect(message.headers.properties?.ce_type).toMatchObject({ const: entry.type });
      expect(message.headers.properties?.ce_specversion).toMatchObject({ const: '1.0' });
      expect(message.headers.required).toEqual(
        expect.arrayContaining(['ce_specversion', 'ce_id', 'ce_source', 'ce_type']),
      );
      expect(message['x-key']).toBe(entry.keyProperty);
      expect(message.bindings.kafka.key.description).toContain(entry.keyProperty);
      expect(message.examples?.[0].payload).toEqual(entry.example);
      expect(schemaErrors(message.headers, message.examples?.[0].headers)).toEqual([]);
      // Carried by the channel of its route, with a send and a receive operation.
      const [channelId] =
        Object.entries(document.channels).find(([, c]) =>
          Object.values(c.messages).some((r) => resolve(document, r.$ref) === message),
        ) ?? [];
      expect(channelId).toBeDefined();
      const actions = Object.values(document.operations)
        .filter(
          (o) =>
            o.channel.$ref === `#/channels/${channelId}` &&
            o.messages.some((m) => resolveMessage(document, m.$ref) === message),
        )
        .map((o) => o.action);
      expect(actions.sort()).toEqual(['receive', 'send']);
    }
  });

  it('gives every agency stream a parameterised channel and a dead-letter channel', () => {
    for (const stream of Object.values(AgencyStreams)) {
      const channels = Object.values(document.channels).filter(
        (c) => c.address.startsWith('dx.agency.{agencyCode}.') && c.address.includes(stream),
      );
      expect(channels.map((c) => c.address).sort()).toEqual([
        `dx.agency.{agencyCode}.${stream}`,
        `dx.agency.{agencyCode}.${stream}.dlq`,
      ]);
      for (const channel of channels)
        expect(channel.parameters).toEqual({ agencyCode: { $ref: '#/components/parameters/agencyCode' } });
    }
  });

  it('picks up a new catalog entry by itself, and refuses a rule it cannot express', () => {
    class TestOnlySampledV1 {
      /** The sampled task. */
      @IsUUID()
      taskId!: string;

      @IsInt()
      @Min(0)
      @Max(100)
      percent!: number;

      @IsOptional()
      @IsString()
      note?: string | null;
    }
    const entry: CatalogEntry = {
      type: 'dx.test-only.sampled',
      version: 1,
      payload: TestOnlySampledV1,
      route: { kind: 'agency', stream: AgencyStreams.TASK_PROGRESS },
      keyProperty: 'taskId',
      summary: 'Test only.',
      description: 'Test only.',
      example: { taskId: '0b7d9a52-5c1e-4f4e-9a0d-3c2f1e6b8a41', percent: 40, note: null },
    };
    const extended = buildAsyncApiDocument({ catalog: [...catalog, entry] });
    const message = messageOf(extended, entry);
    expect(message.payload).toMatchObject({
      required: ['taskId', 'percent'],
      properties: {
        taskId: { type: 'string', format: 'uuid' },
        percent: { type: 'integer', minimum: 0, maximum: 100 },
        note: { type: ['string', 'null'] },
      },
    });
    const channel = Object.values(extended.channels).find((c) => 'TestOnlySampledV1' in c.messages);
    expect(channel?.address).toBe(`dx.agency.{agencyCode}.${AgencyStreams.TASK_PROGRESS}`);
    expect(Object.keys(extended.operations)).toEqual(
      expect.arrayContaining(['sendTestOnlySampledV1', 'receiveTestOnlySampledV1']),
    );
    expectAgreement(entry, message.payload, entry.example, 'example');

    class TestOnlyUnmappedV1 {
      @IsEmail()
      email!: string;
    }
    expect(() =>
      buildAsyncApiDocument({
        catalog: [{ ...entry, payload: TestOnlyUnmappedV1, keyProperty: 'email', example: {} }],
      }),
    ).toThrow(/TestOnlyUnmappedV1\.email: no JSON Schema mapping for the class-validator rule 'isEmail'/);
  });
});

describe('payload schemas agree with the class-validator rules', () => {
  it.each(catalog.map((entry) => [entry.type, entry] as const))(
    '%s: the catalog example passes both',
    (_type, entry) => {
      const schema = messageOf(document, entry).payload;
      expect(validatePayload(entry.payload, entry.example)).toMatchObject({ ok: true });
      expect(schemaErrors(schema, entry.example)).toEqual([]);
    },
  );

  it.each(catalog.map((entry) => [entry.type, entry] as const))('%s: typical mistakes fail both', (_type, entry) => {
    const schema = messageOf(document, entry).payload;
    const example = entry.example as Record<string, unknown>;
    const mutants: [string, Record<string, unknown>][] = [['an unknown property', { ...example, notInTheContract: 1 }]];
    for (const name of schema.required ?? []) mutants.push([`no ${name}`, without(example, name)]);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property.pattern === DHIS2_PERIOD_PATTERN.source)
        mutants.push([`${name} not a DHIS2 period`, { ...example, [name]: '2024Q5' }]);
    }
    // exactlyOneShapeOf: add the properties of a shape the example does not use.
    for (const branch of schema.oneOf ?? []) {
      const missing = (branch.required ?? []).filter((p) => !(p in example));
      if (missing.length > 0)
        mutants.push([
          `also ${missing.join(' and ')}`,
          { ...example, ...Object.fromEntries(missing.map((p) => [p, 1])) },
        ]);
    }
    for (const [label, payload] of mutants) {
      expect({
        label,
        classValidator: validatePayload(entry.payload, payload).ok,
        schema: schemaErrors(schema, payload).length === 0,
      }).toEqual({
        label,
        classValidator: false,
        schema: false,
      });
    }
  });

  it('dx.indicator-value.reported: value xor numerator and denominator, the same way in both', () => {
    const entry = EVENT_CATALOG[EventTypes.INDICATOR_VALUE_REPORTED];
    const schema = messageOf(document, entry).payload;
    const base = { indicatorCode: 'BTS_STATIONS', orgUnitCode: '815', period: '2024Q3' };
    const cases: [string, Record<string, unknown>, boolean][] = [
      ['value', { ...base, value: 412 }, true],
      ['numerator and denominator', { ...base, numerator: 3, denominator: 4 }, true],
      ['a zero numerator', { ...base, numerator: 0, denominator: 4 }, true],
      ['value and numerator', { ...base, value: 412, numerator: 3 }, false],
      ['value, numerator and denominator', { ...base, value: 412, numerator: 3, denominator: 4 }, false],
      ['numerator alone', { ...base, numerator: 3 }, false],
      ['neither', base, false],
      ['a zero denominator', { ...base, numerator: 3, denominator: 0 }, false],
      ['a negative numerator', { ...base, numerator: -1, denominator: 4 }, false],
      ['a null value', { ...base, value: null }, false],
      ['a string value', { ...base, value: '412' }, false],
      ['a month period', { ...base, period: '202407', value: 1 }, true],
      ['month 13', { ...base, period: '202413', value: 1 }, false],
      ['a lower-case indicator code', { ...base, indicatorCode: 'bts', value: 1 }, false],
      ['a 4-digit org unit', { ...base, orgUnitCode: '8150', value: 1 }, false],
    ];
    for (const [label, payload, valid] of cases) expectAgreement(entry, schema, payload, label, valid);
  });

  it.each(catalog.map((entry) => [entry.type, entry] as const))(
    '%s: both agree on every property set to odd values',
    (_type, entry) => {
      const schema = messageOf(document, entry).payload;
      const example = entry.example as Record<string, unknown>;
      // Years inside the window libs/periods accepts: the schema's period pattern does not bound the year.
      const values: unknown[] = [
        undefined,
        null,
        '',
        'x',
        'ABC_1',
        '2024',
        '2024S2',
        '2024Q5',
        '815',
        '81500',
        '8150X',
        0,
        -1,
        1,
        2.5,
        1e6,
        true,
        {},
        [],
        'SUM',
        '2025-01-15T03:04:05Z',
        'later',
      ];
      for (const name of Object.keys(schema.properties ?? {})) {
        for (const value of values) {
          const payload = value === undefined ? without(example, name) : { ...example, [name]: value };
          expectAgreement(entry, schema, payload, `${name} = ${JSON.stringify(value)}`);
        }
      }
    },
  );
});

// ── Helpers ────────────────────────────────────────────────────────────────────────────────────────

/**
 * class-validator (through validatePayload, as consumers call it) and the schema must agree. The one
 * tolerated difference: `format: date-time` is stricter than @IsISO8601, which also takes dates and
 * reduced forms such as `2024` — the documentation never promises more than the code accepts.
 */
function expectAgreement(
  entry: CatalogEntry,
  schema: JsonSchema,
  payload: unknown,
  label: string,
  expected?: boolean,
): void {
  const classValidator = validatePayload(entry.payload, payload).ok;
  const errors = schemaErrors(schema, payload);
  const schemaOk = errors.length === 0;
  const stricterFormat = classValidator && !schemaOk && errors.every((e) => e.includes('format date-time'));
  const observed = { label, classValidator, schema: stricterFormat ? classValidator : schemaOk };
  const want = expected ?? classValidator;
  expect(observed).toEqual({ label, classValidator: want, schema: want });
}

function messageOf(doc: AsyncApiDocument, entry: CatalogEntry): AsyncApiMessage {
  const found = Object.values(doc.components.messages).filter(
    (m) => m.name === entry.type && m['x-event-version'] === entry.version,
  );
  expect({ type: entry.type, messages: found.length }).toEqual({ type: entry.type, messages: 1 });
  return found[0];
}

function without(object: Record<string, unknown>, name: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[name];
  return copy;
}

function resolve(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
      root,
    );
}

function resolveMessage(doc: AsyncApiDocument, ref: string): unknown {
  const target = resolve(doc, ref) as { $ref?: string } | undefined;
  return target?.$ref ? resolve(doc, target.$ref) : target;
}

function collectRefs(node: unknown, refs: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, refs));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${left[at] ?? '(end of file)'}\n  generated: ${right[at] ?? '(end of file)'}`;
}
