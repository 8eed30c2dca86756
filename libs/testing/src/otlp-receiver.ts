import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parse as parseProto, type Type } from 'protobufjs';

/*
 * An OpenTelemetry collector for tests, in the test's own process: it takes what services export by OTLP over
 * HTTP (`POST /v1/traces`, protobuf as the SDK sends by default, or JSON; gzip or not) and keeps the spans, so
 * a test can point OTEL_EXPORTER_OTLP_ENDPOINT at it and check the traces the services produced.
 */

/** The parts of the OTLP trace request (opentelemetry/proto/collector/trace/v1, trace/v1, common/v1) read here. */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; repeated Link links = 13; Status status = 15; fixed32 flags = 16;
}
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

/** OTLP span kinds. */
export const SpanKinds = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;

/** A span as the receiver got it; ids are lower-case hex, as in traceparent. */
export interface ReceivedSpan {
  /** The exporting service: the resource's service.name. */
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  kind: (typeof SpanKinds)[number];
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

export interface OtlpReceiver {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  /** Every span received so far, in arrival order. */
  spans(): ReceivedSpan[];
  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[];
  /** Resolves with the spans received once `enough` says they suffice; rejects with what came after `timeoutMs`. */
  waitFor(enough: (spans: ReceivedSpan[]) => boolean, timeoutMs: number, what: string): Promise<ReceivedSpan[]>;
  /** Requests it refused, with why (a test expects none). */
  refused(): string[];
  close(): Promise<void>;
}

interface WireValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: WireValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: string;
}
interface WireKeyValue {
  key: string;
  value?: WireValue;
}
interface WireSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: WireKeyValue[];
  links?: { traceId?: string; spanId?: string; attributes?: WireKeyValue[] }[];
  status?: { code?: number | string };
}
interface WireRequest {
  resourceSpans?: {
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: WireSpan[] }[];
  }[];
}

let requestType: Type | undefined;

/** An OTLP protobuf ExportTraceServiceRequest as the JSON encoding's plain object (ids in base64, numbers as strings). */
function decodeProtobuf(body: Buffer): WireRequest {
  requestType ??= parseProto(OTLP_TRACE_PROTO, { keepCase: false }).root.lookupType('otlp.ExportTraceServiceRequest');
  return requestType.toObject(requestType.decode(body), { longs: String, bytes: String, enums: Number }) as WireRequest;
}

/** Ids are base64 in the protobuf mapping and hex in OTLP/JSON; both become hex. */
function hexId(id: string | undefined, encoding: 'base64' | 'hex'): string {
  if (!id) return '';
  return encoding === 'hex' ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

function valueOf(v: WireValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(valueOf);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  return v.bytesValue;
}

function attributes(list: WireKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
}

/** The spans of one export request, whichever encoding carried it. */
export function spansOfExport(request: WireRequest, idEncoding: 'base64' | 'hex'): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((rs) => {
    const service = String(attributes(rs.resource?.attributes)['service.name'] ?? '');
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s): ReceivedSpan => ({
        service,
        scope: ss.scope?.name ?? '',
        traceId: hexId(s.traceId, idEncoding),
        spanId: hexId(s.spanId, idEncoding),
        parentSpanId: hexId(s.parentSpanId, idEncoding),
        name: s.name ?? '',
        kind: SpanKinds[Number(s.kind ?? 0)] ?? 'unspecified',
        startTimeUnixNano: BigInt(s.startTimeUnixNano ?? 0),
        endTimeUnixNano: BigInt(s.endTimeUnixNano ?? 0),
        attributes: attributes(s.attributes),
        links: (s.links ?? []).map((l) => ({
          traceId: hexId(l.traceId, idEncoding),
          spanId: hexId(l.spanId, idEncoding),
          attributes: attributes(l.attributes),
        })),
        statusCode: Number(s.status?.code ?? 0),
      })),
    );
  });
}

/** Starts a receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const refusals: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const refuse = (status: number, why: string) => {
        refusals.push(`${req.method} ${req.url}: ${why}`);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(why);
      };
      if (req.method !== 'POST' || req.url !== '/v1/traces') return refuse(404, 'only POST /v1/traces is served');
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
        if (type === 'application/x-protobuf') {
          received.push(...spansOfExport(decodeProtobuf(body), 'base64'));
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(); // an empty ExportTraceServiceResponse
        } else if (type === 'application/json') {
          received.push(...spansOfExport(JSON.parse(body.toString('utf8')) as WireRequest, 'hex'));
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else refuse(415, `content-type ${type} is not OTLP`);
      } catch (error) {
        refuse(400, (error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    trace: (traceId) => received.filter((s) => s.traceId === traceId),
    refused: () => [...refusals],
    async waitFor(enough, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      while (!enough(received)) {
        if (Date.now() > deadline) {
          const seen = received.map((s) => `${s.service}: ${s.name} (${s.traceId.slice(0, 8)})`).join('; ');
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received ${seen || 'no span'}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return [...received];
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
